package dev.warren.common;

/** A delivery that warren cut (it stops, or the task's group stops): its task goes back to its queue, no failure of it. */
public final class DeliveryCutException extends RuntimeException {

    public DeliveryCutException(String message) {
        // expected, and logged in one line: a stack trace would only say where complete() threw it
        super(message, null, false, false);
    }
}
