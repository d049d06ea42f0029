package io.leakscan.dashboard;

import org.springframework.mock.web.MockHttpSession;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.MvcResult;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;

/** A browser-like MockMvc client: one session, the CSRF token read from the last page, sign-in with a key. */
final class DashboardMvc {

    static final String BOOTSTRAP_KEY = "lsk_test_bootstrap_key_000000000000000000000";

    final MockMvc mvc;
    final MockHttpSession session = new MockHttpSession();
    String csrf;

    DashboardMvc(MockMvc mvc) {
        this.mvc = mvc;
    }

    /** Opens the sign-in page (which starts the session and its token), then signs in with {@code key}. */
    DashboardMvc signIn(String key) throws Exception {
        page("/sign-in");
        MvcResult r = mvc.perform(post("/sign-in").session(session).param("_csrf", csrf).param("apiKey", key))
                .andReturn();
        assertThat(r.getResponse().getStatus()).as("sign-in with %s", key).isEqualTo(302);
        page("/");
        return this;
    }

    /** GETs a page in this session and keeps its CSRF token for the next form. */
    MvcResult page(String path) throws Exception {
        MvcResult r = mvc.perform(get(path).session(session)).andReturn();
        if (r.getModelAndView() != null && r.getModelAndView().getModel().get("csrfToken") instanceof String t) {
            csrf = t;
        }
        return r;
    }
}
