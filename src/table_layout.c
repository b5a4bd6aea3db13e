/* table_layout.c - automatic table column widths. */
#include "table_layout.h"

static double
floor_of(const double *natural, const double *word, size_t c)
{
	return word[c] < natural[c] ? word[c] : natural[c];
}

/* The width x at which the columns' floors, each cut to at most x, fill
 * avail: the sum of min(floor, x) is avail (less than the floors' sum).
 * Start from an even share; columns under it keep their floor and the
 * rest share what they leave.  x only grows, so at most ncols rounds. */
static double
floor_cap(const double *natural, const double *word, size_t ncols, double avail)
{
	double x = avail / (double)ncols;
	for (size_t round = 0; round < ncols; round++) {
		double kept = 0;
		size_t cut = 0;
		for (size_t c = 0; c < ncols; c++) {
			double f = floor_of(natural, word, c);
			if (f < x)
				kept += f;
			else
				cut++;
		}
		double next = cut ? (avail - kept) / (double)cut : x;
		if (next <= x)
			break;
		x = next;
	}
	return x;
}

void
table_auto_widths(const double *natural, const double *word, size_t ncols, double avail, double *out)
{
	double sum = 0, floor_sum = 0, want = 0;
	for (size_t c = 0; c < ncols; c++) {
		double w = floor_of(natural, word, c);
		sum += natural[c];
		floor_sum += w;
		want += natural[c] - w;
	}
	double cap = sum > avail && floor_sum > avail && ncols ? floor_cap(natural, word, ncols, avail) : 0;
	for (size_t c = 0; c < ncols; c++) {
		double w = floor_of(natural, word, c);
		if (sum <= avail)
			out[c] = natural[c];
		else if (floor_sum <= avail)
			out[c] = w + (want > 0 ? (natural[c] - w) * (avail - floor_sum) / want : 0);
		else
			out[c] = w < cap ? w : cap;
	}
}
