/* cli_directive: the command-line face of the directive reader. */
#ifndef XG_CLI_DIRECTIVE_H
#define XG_CLI_DIRECTIVE_H

/*
 * xuanguan directive parse FILE [--db DB]: print the document as JSON.
 * argv[0] is "directive". Returns 0, 1 on an error (explained on stderr) or
 * 2 on a usage error.
 */
int cli_directive(int argc, char **argv);

#endif
