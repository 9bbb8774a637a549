package io.ferry.standalone;

/** Ferry cannot start; the message is the one line the user needs. */
class StartupException extends RuntimeException {
    StartupException(String message) {
        super(message);
    }

    StartupException(String message, Throwable cause) {
        super(message, cause);
    }
}
