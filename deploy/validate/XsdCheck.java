import java.io.File;
import java.net.URI;
import java.net.URL;
import javax.xml.XMLConstants;
import javax.xml.transform.stream.StreamSource;
import javax.xml.validation.SchemaFactory;
import javax.xml.validation.Validator;
import org.xml.sax.SAXException;

/**
 * Validates XML files against an XSD, e.g. HiveMQ's config.xml against the config.xsd inside HiveMQ CE's jar:
 * {@code java XsdCheck.java jar:file:/path/hivemq-community-edition-embedded-2025.5.jar!/config.xsd config.xml}.
 * Run by .ci/validate-deploy.sh with the JDK's single-file launcher; exits 1 on the first invalid file.
 */
public final class XsdCheck {
    public static void main(String[] args) throws Exception {
        if (args.length < 2) {
            System.err.println("usage: XsdCheck <xsd url or file> <xml file>...");
            System.exit(2);
        }
        URL xsd = args[0].contains(":") ? URI.create(args[0]).toURL() : new File(args[0]).toURI().toURL();
        SchemaFactory factory = SchemaFactory.newInstance(XMLConstants.W3C_XML_SCHEMA_NS_URI);
        Validator validator = factory.newSchema(xsd).newValidator();
        for (int i = 1; i < args.length; i++) {
            try {
                validator.validate(new StreamSource(new File(args[i])));
                System.out.println("valid: " + args[i]);
            } catch (SAXException e) {
                System.err.println("INVALID " + args[i] + ": " + e.getMessage());
                System.exit(1);
            }
        }
    }
}
