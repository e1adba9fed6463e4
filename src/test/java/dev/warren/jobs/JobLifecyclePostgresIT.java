package dev.warren.jobs;

import dev.warren.support.TestStore;

import java.util.Map;

/** Every job lifecycle scenario on PostgreSQL, in a fresh schema. */
class JobLifecyclePostgresIT extends JobLifecycleTest {

    @Override
    protected Map<String, String> store() throws Exception {
        return TestStore.postgres().freshSchema();
    }
}
