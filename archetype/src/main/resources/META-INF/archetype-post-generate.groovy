// Runs after mvn archetype:generate has written the project.
import java.nio.file.Files
import java.nio.file.Path

Path outputDirectory = Path.of(request.outputDirectory)
String artifactId = request.artifactId
Path project = outputDirectory.resolve(artifactId)

// Archetypes do not keep file modes: ./mvnw must be executable.
project.resolve("mvnw").toFile().setExecutable(true, false)

// Generated inside another Maven project, the archetype plugin makes that project the parent and adds a module
// line to it. A Daeploy service builds on its own (an inherited dependencyManagement or plugin can break it), so
// both are taken out again, and the user is told.
Path pom = project.resolve("pom.xml")
String text = Files.readString(pom)
def parent = text =~ /(?s)\s*<parent>.*?<\/parent>/
if (parent.find()) {
    Files.writeString(pom, text.replace(parent.group(), ""))
    Path outer = outputDirectory.resolve("pom.xml")
    String outerText = Files.readString(outer)
    String restored = outerText.replaceAll("(?m)^\\s*<module>" + java.util.regex.Pattern.quote(artifactId) + "</module>\\s*\\R", "")
            .replaceAll("(?s)\\s*<modules>\\s*</modules>", "")
    Files.writeString(outer, restored)
    println "[WARNING] Daeploy: " + artifactId + " was generated inside another Maven project (" + outer + "), which" +
            " mvn archetype:generate made its parent. A Daeploy service builds on its own: " + artifactId + "/pom.xml has" +
            " no <parent>, and the <module>" + artifactId + "</module> line Maven added to " + outer + " is taken out" +
            " again. Maven rewrote that file's layout: compare it with your version control. Generate services in a" +
            " folder without a pom.xml to avoid this."
}
