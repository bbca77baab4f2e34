package io.egressallowlist.functions.requestapi;

/** One operation of a resource: the call's parameters in, a reply out; refusals are thrown {@link Problem}s. */
@FunctionalInterface
interface Operation {
    Reply answer(Parameters parameters);
}
