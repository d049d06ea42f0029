package io.leakscan;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ToolVersionTest {

    @Test
    void theBuildStampsThePomVersion() {
        // "dev" would mean the resource was not filtered: reports and the CLI would carry no version
        assertThat(ToolVersion.current()).matches("\\d+\\.\\d+\\.\\d+(-SNAPSHOT)?");
    }
}
