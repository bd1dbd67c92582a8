package org.esmtp4j.conformance;

/** The conformance suite on every available engine; writes target/conformance-report.md. */
class ConformanceSuiteTest extends ConformanceTck {
}
