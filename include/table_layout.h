/* table_layout.h - column widths of an automatic table, as browsers lay
 * them out, shared by the terminal and PDF back-ends (which measure in
 * columns and in points). */
#ifndef DPAGEN_TABLE_LAYOUT_H
#define DPAGEN_TABLE_LAYOUT_H

#include <stddef.h>

/* natural[c]: the width column c wants on one line; word[c]: its longest
 * word.  Each column gets its natural width if the table fits in avail;
 * else its longest word, plus the room left in proportion to how much
 * more it wants; if even the words do not fit, the columns with the
 * narrowest words keep them and the widest share what is left equally
 * (their words will be cut: one overlong word no longer squeezes every
 * other column into a letter per line).  out may be natural. */
void table_auto_widths(const double *natural, const double *word, size_t ncols, double avail,
    double *out);

#endif /* !DPAGEN_TABLE_LAYOUT_H */
