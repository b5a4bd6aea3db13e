/* table_layout.c - automatic table column widths. */
#include "table_layout.h"

void
table_auto_widths(const double *natural, const double *word, size_t ncols, double avail, double *out)
{
	double sum = 0, floor_sum = 0, want = 0;
	for (size_t c = 0; c < ncols; c++) {
		double w = word[c] < natural[c] ? word[c] : natural[c];
		sum += natural[c];
		floor_sum += w;
		want += natural[c] - w;
	}
	for (size_t c = 0; c < ncols; c++) {
		double w = word[c] < natural[c] ? word[c] : natural[c];
		if (sum <= avail)
			out[c] = natural[c];
		else if (floor_sum <= avail)
			out[c] = w + (want > 0 ? (natural[c] - w) * (avail - floor_sum) / want : 0);
		else
			out[c] = floor_sum > 0 ? avail * w / floor_sum : avail / (double)ncols;
	}
}
