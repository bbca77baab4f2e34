package io.egressallowlist.emulators.eventbridge;

/**
 * What {@code PutEvents} does with an entry whose {@code EventBusName} names no bus.
 *
 * <p>The real service has been observed to accept such entries, return an {@code EventId} and drop the
 * event (aws/aws-cli#9186, aws/aws-sdk#186, aws/aws-sdk-java-v2#3155; still reported in January 2025).
 * The emulator reports it as a failed entry by default so that a misnamed bus shows up in tests.
 */
public enum UnknownBusPolicy {

    /** The entry fails with {@code ResourceNotFoundException} and counts in {@code FailedEntryCount}. */
    FAIL_ENTRY,

    /** The entry gets an {@code EventId} and is dropped, as AWS has been observed to do. */
    ACCEPT_AND_DROP
}
