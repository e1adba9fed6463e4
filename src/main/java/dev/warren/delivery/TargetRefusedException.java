package dev.warren.delivery;

import java.net.UnknownHostException;

/** A connection warren refused to open because the target policy denies every address of the host. */
public final class TargetRefusedException extends UnknownHostException {

    public TargetRefusedException(String message) {
        super(message);
    }

    /** The refusal in this exception or its causes, or null. */
    public static TargetRefusedException in(Throwable error) {
        for (Throwable e = error; e != null; e = e.getCause()) {
            if (e instanceof TargetRefusedException refused) {
                return refused;
            }
        }
        return null;
    }
}
