// A driver author's test class path: the api, the kit, JUnit and AssertJ; the embedded S3 server
// (S3Proxy, Jetty) and the AWS SDK are in stowage-testkit-s3, which this build does not use.
def log = new File(basedir, 'build.log').text
assert log =~ /Tests run: [1-9][0-9]*, Failures: 0, Errors: 0/
assert log.contains('dev.stowage:stowage-testkit:jar:')
assert log.contains('org.junit.jupiter:junit-jupiter-api:jar:')
for (forbidden in ['org.gaul:s3proxy', 'software.amazon.awssdk:', 'org.eclipse.jetty']) {
  assert !log.contains(forbidden) : "the kit brought ${forbidden}"
}
return true
