// Every Kotlin and okio artifact that a user's project resolves must be the version the project
// tests with (kotlinVersion and okioVersion come from the build).
def resolved = new File(basedir, 'dependencies.txt').readLines()*.trim().findAll { it.count(':') >= 4 }
def wrong = resolved.findAll {
  def (group, artifact, type, version) = it.split(':')
  (group == 'org.jetbrains.kotlin' && version != kotlinVersion) || (group == 'com.squareup.okio' && version != okioVersion)
}
assert resolved.any { it.startsWith('org.jetbrains.kotlin:kotlin-stdlib:') } : "no kotlin-stdlib in ${resolved}"
assert wrong.isEmpty() : "resolved at other versions than the project tests with: ${wrong}"
println "Kotlin ${kotlinVersion} and okio ${okioVersion} only, in ${resolved.size()} dependencies"
