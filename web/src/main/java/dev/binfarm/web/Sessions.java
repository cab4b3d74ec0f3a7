package dev.binfarm.web;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Browser sessions for the rerun button: a random session id in an HttpOnly, SameSite=Strict
 * cookie; the page's CSRF token is an HMAC of it under a per-process key (nothing to store);
 * a session becomes authorized once it presented the serve token.
 */
final class Sessions {
    static final String COOKIE = "binfarm_session";
    private static final int MAX_AUTHORIZED = 10_000;

    private final SecureRandom random = new SecureRandom();
    private final byte[] key = new byte[32];
    private final Set<String> authorized = ConcurrentHashMap.newKeySet();

    Sessions() {
        random.nextBytes(key);
    }

    String newSession() {
        byte[] id = new byte[18];
        random.nextBytes(id);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(id);
    }

    String csrf(String session) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return Base64.getUrlEncoder().withoutPadding().encodeToString(mac.doFinal(session.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    boolean validCsrf(String session, String token) {
        return session != null && token != null && same(csrf(session), token);
    }

    boolean authorized(String session) {
        return session != null && authorized.contains(session);
    }

    void authorize(String session) {
        if (authorized.size() >= MAX_AUTHORIZED) authorized.clear(); // a bound, not a policy: users log in again
        authorized.add(session);
    }

    /** Constant-time comparison, so a token cannot be guessed byte by byte from timings. */
    static boolean same(String expected, String given) {
        return given != null && MessageDigest.isEqual(expected.getBytes(StandardCharsets.UTF_8), given.getBytes(StandardCharsets.UTF_8));
    }
}
