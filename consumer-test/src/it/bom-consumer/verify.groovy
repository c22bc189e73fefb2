// The consumer's build log: the app ran to the end, the embedded server kept quiet (no Jetty
// start-up INFO lines, no S3Proxy ERROR for the hardening calls it does not implement), and the
// BOM lined up what our artifacts bring: the AWS SDK version the drivers are built with (the IAM
// policy builder apart, whose last release is older), a jackson-annotations S3Proxy's Jackson 3
// can use.
def log = new File(basedir, 'build.log').text
assert log.contains('CONSUMER APP OK')
assert log.contains('hub: stowage://s3-main/products/app-1.0.zip still resolves after a bucket change')
assert !log.contains('NoClassDefFoundError')
assert !(log =~ /(?m)^\[[^\]]+\] (INFO|ERROR) org\.(eclipse\.jetty|gaul)/)
assert !log.contains('SLF4J(W)')
assert log.contains('[S3 stowage://s3-main/products/app-1.0.zip]')
// The hub brings the api only: Dagger is optional, the databases of its tests stay in its tests.
assert log.contains('dev.stowage:stowage-hub:jar:')
assert !log.contains('com.google.dagger:') && !log.contains('com.h2database:') && !log.contains('io.zonky.test')

def sdk = (log =~ /software\.amazon\.awssdk:([a-z0-9-]+):jar:([0-9.]+):/).collect { [it[1], it[2]] }
assert !sdk.isEmpty()
def versions = sdk.findAll { it[0] != 'iam-policy-builder' }.collect { it[1] }.toSet()
assert versions == [awsSdkVersion] as Set : "AWS SDK modules at ${versions}, built with ${awsSdkVersion}"
assert sdk.contains(['iam-policy-builder', iamPolicyBuilderVersion])
assert log =~ /com\.fasterxml\.jackson\.core:jackson-annotations:jar:2\.2[2-9]/
// One commons-logging API (Commons VFS and S3Proxy's libraries both log through it), not two.
assert log.contains('commons-logging:commons-logging:jar:')
assert !log.contains('org.slf4j:jcl-over-slf4j:jar:')
return true
