package dev.vortex.server.http;

/**
 * Why a request is refused access, before it is answered by {@link Refusals}.
 *
 * @param status 401 (no or bad credentials) or 403 (credentials without the right)
 * @param message what was wrong, for the client; never a secret
 * @param failedAttempt whether bad credentials were presented (logged and counted already), so that the
 *     answer counts towards the address's failure delay
 */
record Refusal(int status, String message, boolean failedAttempt) {}
