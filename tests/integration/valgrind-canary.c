/* valgrind-canary.c — a program with known memory errors, so that test_valgrind_canary can
 * prove that the valgrind run fails a test on memcheck's verdict (issue 12 item 6):
 *   valgrind-canary clean    frees what it allocates: no error
 *   valgrind-canary leak     drops its only pointer to a block: one definitely lost block
 *   valgrind-canary invalid  reads one byte past a block: one invalid read
 * SPDX-License-Identifier: LGPL-2.1-or-later */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* volatile: the compiler must keep every store, so the block really is allocated and lost */
static char *volatile kept;

int
main (int argc, char **argv)
{
  const char *mode = argc > 1 ? argv[1] : "clean";
  size_t n = strlen (mode); /* sizes from the input: nothing for the compiler to fold */
  kept = malloc (n + 1);
  if (kept == NULL)
    return 2;
  memcpy (kept, mode, n + 1);
  int rc = 0;
  if (strcmp (mode, "leak") == 0)
    kept = NULL;
  else if (strcmp (mode, "invalid") == 0)
    rc = kept[n + 1] == 'x' ? 3 : 0;
  printf ("%s\n", mode);
  free (kept);
  return rc;
}
