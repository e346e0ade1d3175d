// Checks an ontology document against the OWL 2 DL profile with the OWL API's own checker, the one
// that comes with HermiT in owlready2 (HermiT.jar holds the OWL API). Run as a single source file:
//   java -cp HermiT.jar OwlDlProfile.java FILE
// Prints one line per violation (its kind, then the OWL API's description), sorted, then "violations: N".
import java.io.File;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.semanticweb.owlapi.apibinding.OWLManager;
import org.semanticweb.owlapi.model.OWLOntology;
import org.semanticweb.owlapi.model.OWLOntologyManager;
import org.semanticweb.owlapi.profiles.OWL2DLProfile;
import org.semanticweb.owlapi.profiles.OWLProfileReport;
import org.semanticweb.owlapi.profiles.OWLProfileViolation;

public class OwlDlProfile {
    public static void main(String[] args) throws Exception {
        OWLOntologyManager manager = OWLManager.createOWLOntologyManager();
        OWLOntology ontology = manager.loadOntologyFromOntologyDocument(new File(args[0]));
        OWLProfileReport report = new OWL2DLProfile().checkOntology(ontology);
        List<String> lines = new ArrayList<>();
        for (OWLProfileViolation v : report.getViolations()) {
            lines.add(v.getClass().getSimpleName() + ": " + v.toString().replace('\n', ' '));
        }
        Collections.sort(lines);
        for (String line : lines) {
            System.out.println(line);
        }
        System.out.println("violations: " + lines.size());
    }
}
