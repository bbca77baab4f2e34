package io.egressallowlist.emulators.ec2;

/**
 * A small writer of EC2's XML answers: elements in the {@code http://ec2.amazonaws.com/doc/2016-11-15/} namespace,
 * lists as {@code <xSet><item>…</item></xSet>} (EC2's non-flattened lists, which the SDK for Java v2 reads as
 * {@code item} members: aws-sdk-java-v2 {@code ListQueryUnmarshaller}), text escaped.
 */
final class Ec2Xml {

    private final StringBuilder xml = new StringBuilder(512);

    private Ec2Xml() {
    }

    /** A document whose root element carries the EC2 namespace. */
    static Ec2Xml document(String root) {
        Ec2Xml doc = new Ec2Xml();
        doc.xml.append("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<").append(root)
                .append(" xmlns=\"").append(Ec2Emulator.XML_NAMESPACE).append("\">");
        return doc;
    }

    /**
     * EC2's error envelope, which the SDK finds under {@code Errors/Error} (aws-sdk-java-v2
     * {@code AwsEc2ProtocolFactory.getErrorRoot}) and whose {@code RequestID} it reads as the request id
     * ({@code AwsXmlErrorProtocolUnmarshaller.getRequestId}).
     */
    static String error(String code, String message, String requestId) {
        Ec2Xml doc = new Ec2Xml();
        doc.xml.append("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Response>");
        doc.open("Errors").open("Error").text("Code", code).text("Message", message).close("Error").close("Errors");
        return doc.text("RequestID", requestId).close("Response").toString();
    }

    Ec2Xml open(String name) {
        xml.append('<').append(name).append('>');
        return this;
    }

    Ec2Xml close(String name) {
        xml.append("</").append(name).append('>');
        return this;
    }

    /** {@code <name>text</name>}; nothing when {@code text} is null. */
    Ec2Xml text(String name, String text) {
        if (text != null) {
            open(name);
            escape(text);
            close(name);
        }
        return this;
    }

    Ec2Xml bool(String name, boolean value) {
        return text(name, Boolean.toString(value));
    }

    private void escape(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '&' -> xml.append("&amp;");
                case '<' -> xml.append("&lt;");
                case '>' -> xml.append("&gt;");
                case '"' -> xml.append("&quot;");
                case '\'' -> xml.append("&apos;");
                default -> xml.append(c);
            }
        }
    }

    @Override
    public String toString() {
        return xml.toString();
    }
}
