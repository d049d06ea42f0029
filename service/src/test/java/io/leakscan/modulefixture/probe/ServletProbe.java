package io.leakscan.modulefixture.probe;

import jakarta.servlet.http.HttpServletRequest;

/** Breaks "the engine is free of the server web stack". */
public class ServletProbe {

    public String path(HttpServletRequest request) {
        return request.getRequestURI();
    }
}
