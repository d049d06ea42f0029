package io.leakscan;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

@SpringBootApplication
@ConfigurationPropertiesScan
public class LeakscanApplication {

    public static void main(String[] args) {
        SpringApplication.run(LeakscanApplication.class, args);
    }
}
