package io.smsbridge.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import jakarta.servlet.ServletException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;

/** No 5xx without a log line naming its cause. */
@ExtendWith(OutputCaptureExtension.class)
class ServerErrorLogTest {

    private final ServerErrorLog filter = new ServerErrorLog();

    @Test
    void anExceptionThatEscapesIsLoggedWithTheRequest(CapturedOutput output) {
        MockHttpServletRequest request = new MockHttpServletRequest("POST", "/api/messages");
        assertThatThrownBy(() -> filter.doFilter(request, new MockHttpServletResponse(), (req, res) -> {
            throw new ServletException("conversion failed");
        })).isInstanceOf(ServletException.class);
        assertThat(output).contains("POST /api/messages failed, answered 500: jakarta.servlet.ServletException: conversion failed");
    }

    @Test
    void aStatusOf500OrMoreIsLogged(CapturedOutput output) throws Exception {
        MockHttpServletRequest request = new MockHttpServletRequest("POST", "/twilio/inbound");
        filter.doFilter(request, new MockHttpServletResponse(), (req, res) -> ((MockHttpServletResponse) res).setStatus(503));
        assertThat(output).contains("POST /twilio/inbound answered 503");

        filter.doFilter(new MockHttpServletRequest("GET", "/api/parked"), new MockHttpServletResponse(),
                (req, res) -> ((MockHttpServletResponse) res).setStatus(404));
        assertThat(output).doesNotContain("GET /api/parked answered");

        filter.doFilter(new MockHttpServletRequest("GET", "/actuator/health"), new MockHttpServletResponse(),
                (req, res) -> ((MockHttpServletResponse) res).setStatus(503));
        assertThat(output).as("health's 503 says why itself").doesNotContain("GET /actuator/health answered");
    }
}
