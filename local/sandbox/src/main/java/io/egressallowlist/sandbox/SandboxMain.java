package io.egressallowlist.sandbox;

/** Entry point of the local sandbox. */
public final class SandboxMain {
    private SandboxMain() {
    }

    public static void main(String[] args) {
        System.out.println("egress sandbox");
    }
}
