// Package cli holds the bodies of the reseau command's subcommands (import,
// export, backup, restore, generate, token, help; serve's demo load) and
// what they share: the usage text, usage errors and exit statuses. The
// command's main reads the configuration, opens the store it selects and
// calls in here; nothing here reads flags or the environment.
package cli

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"slices"
	"strings"

	"github.com/reseau-bxl/reseau/internal/reseau"
)

// Usage is the text of `reseau help`.
const Usage = `Réseau: the GraphQL API of a local social-action network.

Usage:
  reseau [serve] [flags]        serve the API (the map at /, GraphQL at /graphql, uploads
                                at /import, GraphiQL at /graphiql in development)
  reseau import PATH [flags]    import a CSV folder, an HSDS 3.0 folder or a .json
                                snapshot (all or nothing)
  reseau export FILE [flags]    write the whole graph to FILE ("-" for stdout): a JSON
                                snapshot, the network view as GEXF, GraphML or
                                graphology JSON, or the directory as HSDS 3.0 (a
                                folder, or a .zip) (--format, or FILE's extension)
  reseau backup OUT [flags]     write a consistent copy of the SQLite store to OUT, even
                                while a server writes to it (--force replaces OUT)
  reseau restore IN [flags]     replace the SQLite store with the backup IN, after an
                                integrity check; no server may have the store open
                                (--force replaces an existing store)
  reseau generate --scale S|M|L --out DIR
                                write a synthetic network as a CSV folder
  reseau token --role R --sub S [--org K] [--person P] [--ttl D]
                                print a development token signed with RESEAU_JWT_SECRET
  reseau help [COMMAND]         this text, or a command's flags

Exit status: 0 done, 1 the data or the store refused it (an invalid file, a store or
path that does not exist, a server that has the store open), 2 a usage error (an
unknown command or flag, a missing operand, a bad flag or environment value).
`

// Commands are the subcommands, for help and for the unknown-command error.
var Commands = []string{"serve", "import", "export", "backup", "restore", "generate", "token", "help"}

// The exit statuses of the command.
const (
	ExitData  = 1 // the data, the files or the store refused the command
	ExitUsage = 2 // the command line or the configuration is wrong
)

// ExitCode is the exit status for a command's error: 0 for none and for a
// help request, ExitUsage for a *UsageError, ExitData for any other.
func ExitCode(err error) int {
	var u *UsageError
	switch {
	case err == nil, errors.Is(err, flag.ErrHelp):
		return 0
	case errors.As(err, &u):
		return ExitUsage
	}
	return ExitData
}

// UsageError is a command line (or configuration) that cannot run as given,
// as opposed to data or a store that refuse it.
type UsageError struct{ Err error }

func (e *UsageError) Error() string { return e.Err.Error() }
func (e *UsageError) Unwrap() error { return e.Err }

// Usagef returns a usage error with code EINVALID.
func Usagef(format string, args ...any) error {
	return &UsageError{reseau.Errorf(reseau.EINVALID, format, args...)}
}

// Split returns the subcommand that args name (serve when they start with a
// flag or are empty) and the rest; a usage error for an unknown command.
func Split(args []string) (string, []string, error) {
	cmd := "serve"
	if len(args) > 0 && !strings.HasPrefix(args[0], "-") {
		cmd, args = args[0], args[1:]
	}
	if !slices.Contains(Commands, cmd) {
		return "", nil, Usagef("unknown command %q (%s)", cmd, strings.Join(Commands, ", "))
	}
	return cmd, args, nil
}

// CheckOperands returns a usage error when cmd was given the wrong number
// of operands.
func CheckOperands(cmd string, operands []string) error {
	want := map[string]string{
		"import":  "one PATH (a CSV or HSDS folder, or a .json file)",
		"export":  "one FILE (\"-\" for stdout)",
		"backup":  "one OUT file",
		"restore": "one IN file (a backup)",
	}
	if w, ok := want[cmd]; ok && len(operands) != 1 {
		return Usagef("%s takes %s, got %d operands", cmd, w, len(operands))
	}
	if (cmd == "generate" || cmd == "token") && len(operands) > 0 {
		return Usagef("%s takes no operand, got %q", cmd, operands)
	}
	return nil
}

// Help prints Usage to stdout, or, given a command, Usage and that
// command's flags: flags(cmd) prints them and returns flag.ErrHelp.
func Help(args []string, flags func(cmd string) error) error {
	switch {
	case len(args) == 0:
		fmt.Print(Usage)
		return nil
	case len(args) > 1 || !slices.Contains(Commands, args[0]) || args[0] == "help":
		return Usagef("help takes one command (%s), got %q", strings.Join(Commands[:len(Commands)-1], ", "), args)
	}
	err := flags(args[0])
	if errors.Is(err, flag.ErrHelp) {
		return nil
	}
	return err
}

// OpenStore opens the store the configuration selects; the caller closes it.
type OpenStore func(context.Context) (reseau.Store, error)

// ListFlag is a flag.Func that appends each comma-separated value to dst,
// so that a list flag may repeat (--org a --org b) or not (--org a,b).
func ListFlag(dst *[]string) func(string) error {
	return func(v string) error {
		for _, e := range strings.Split(v, ",") {
			if e = strings.TrimSpace(e); e != "" {
				*dst = append(*dst, e)
			}
		}
		return nil
	}
}

// ParseFlags parses args with fs, flags and operands interleaved
// (export out.gexf --types ORGANISATION), and returns the operands.
// flag.ErrHelp for -h; EINVALID for a flag fs refuses.
func ParseFlags(fs *flag.FlagSet, args []string) ([]string, error) {
	var operands []string
	for {
		if err := fs.Parse(args); err != nil {
			if errors.Is(err, flag.ErrHelp) {
				return nil, err
			}
			return nil, reseau.Errorf(reseau.EINVALID, "%v", err)
		}
		if fs.NArg() == 0 {
			return operands, nil
		}
		operands = append(operands, fs.Arg(0))
		args = fs.Args()[1:]
	}
}

// NewFlagSet returns the flag set of `reseau cmd`, for ParseFlags. Help goes
// to stdout (asked for, exit 0): Usage and the command's flags. A parse
// error is returned, and main prints it once, without the whole usage.
func NewFlagSet(cmd string) *flag.FlagSet {
	fs := flag.NewFlagSet("reseau "+cmd, flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	fs.Usage = func() {
		fmt.Print(Usage)
		fmt.Printf("\nFlags of reseau %s:\n", cmd)
		fs.SetOutput(os.Stdout)
		fs.PrintDefaults()
		fs.SetOutput(io.Discard)
	}
	return fs
}
