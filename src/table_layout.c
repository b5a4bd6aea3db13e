/* table_layout.c - automatic table column widths, and the terminal's
 * line breaker (words, hyphens, cut words). */
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

/* ---- the terminal's line breaker ------------------------------------- */

static bool
is_hyphen(int32_t cp)
{
	return cp == '-' || cp == 0x2010;
}

static bool
is_space(int32_t cp)
{
	return cp == ' ' || cp == '\n';
}

/* An e-mail address or a web address: kept whole where it can be. */
static bool
in_address(const tl_char *v, size_t n, size_t i)
{
	size_t a = i, b = i;
	while (a > 0 && !is_space(v[a - 1].cp))
		a--;
	while (b < n && !is_space(v[b].cp))
		b++;
	for (size_t k = a; k < b; k++)
		if (v[k].cp == '@' || (v[k].cp == ':' && k + 2 < b && v[k + 1].cp == '/' && v[k + 2].cp == '/'))
			return true;
	return false;
}

/* A line may end after v[i] if it is a hyphen between two letters of a
 * word: "sms-påmindelser", not "- a)" or "-5" or "--", nor inside an
 * address, where a reader would take the hyphen for part of it. */
static bool
hyphen_break(const tl_char *v, size_t n, size_t start, size_t i)
{
	if (!is_hyphen(v[i].cp) || i == start || i + 1 >= n)
		return false;
	int32_t before = v[i - 1].cp, after = v[i + 1].cp;
	return !is_space(before) && !is_hyphen(before) && !is_space(after) && !is_hyphen(after) &&
	    !in_address(v, n, i);
}

/* The end of the line that starts at start, at most width columns wide;
 * *cut when a word had to be broken (the line then leaves a column free
 * for the mark). */
static size_t
line_end(const tl_char *v, size_t n, size_t start, size_t width, bool *cut)
{
	size_t w = 0, i = start, brk = start;
	*cut = false;
	while (i < n && v[i].cp != '\n') {
		if (v[i].cp == ' ')
			brk = i;
		if (w + v[i].width > width && i > start)
			break;
		w += v[i].width;
		if (hyphen_break(v, n, start, i))
			brk = i + 1;
		i++;
	}
	if (i >= n || v[i].cp == '\n')
		return i;
	if (brk > start)
		return brk;
	/* One word wider than the line: cut it, one column left for the mark. */
	while (width >= 2 && w + 1 > width && i > start + 1)
		w -= v[--i].width;
	*cut = width >= 2;
	return i;
}

void
tl_break(const tl_char *v, size_t n, size_t first, size_t rest, tl_line_fn emit, void *arg)
{
	size_t start = 0, width = first;
	while (start < n) {
		bool cut;
		size_t end = line_end(v, n, start, width ? width : 1, &cut);
		size_t trim = end;
		while (trim > start && v[trim - 1].cp == ' ')
			trim--;
		emit(arg, v, start, trim, cut);
		start = end;
		if (start < n && v[start].cp == '\n')
			start++;
		while (start < n && v[start].cp == ' ')
			start++;
		width = rest;
	}
}

void
tl_measure(const tl_char *v, size_t n, size_t *natural, size_t *word)
{
	size_t w = 0, piece = 0, start = 0;
	*natural = *word = 0;
	for (size_t i = 0; i < n; i++) {
		if (v[i].cp == ' ' || v[i].cp == '\n') {
			piece = 0;
			start = i + 1;
		} else {
			piece += v[i].width;
		}
		w += v[i].width;
		if (piece > *word)
			*word = piece;
		if (hyphen_break(v, n, start, i))
			piece = 0;
	}
	*natural = w;
}

bool
tl_words_fit(const size_t *word, size_t ncols, size_t avail)
{
	size_t sum = 0;
	for (size_t c = 0; c < ncols; c++)
		sum += word[c];
	return sum <= avail;
}
