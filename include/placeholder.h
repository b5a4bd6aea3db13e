/* placeholder.h - values that stand in for content nobody has written yet:
 * every value `dpagen init` writes (read from the embedded starter
 * configs, so the two never drift apart) and the usual stand-ins in both
 * languages: a registration or phone number of zeros, an address at a
 * reserved domain (.example, .test, example.com), "Kundens navn",
 * "Tegningsberettiget for ...".  Static data; nothing to free.
 */
#ifndef DPAGEN_PLACEHOLDER_H
#define DPAGEN_PLACEHOLDER_H

/* Why value, found at the config path (e.g. "controller.registration",
 * "processor.signatories[0].name"), is a placeholder, as a phrase for a
 * message ("the value dpagen init writes"); NULL if it is not one.
 * Thread-safe. */
const char *placeholder_why(const char *path, const char *value);

#endif /* !DPAGEN_PLACEHOLDER_H */
