package dev.warren.jobs;

import java.util.Map;

/** Every job lifecycle scenario on the embedded store (H2), warren's default. */
class JobLifecycleH2IT extends JobLifecycleTest {

    @Override
    protected Map<String, String> store() {
        return Map.of();
    }
}
