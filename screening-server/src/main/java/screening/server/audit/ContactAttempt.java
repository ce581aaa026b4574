package screening.server.audit;

/** One CONTACT_ATTEMPT on its way from an event loop to the writer: when, and the event's fields. */
record ContactAttempt(long millis, String pin, String establishment, String ref, screening.core.Channel channel) {
}
