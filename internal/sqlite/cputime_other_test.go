//go:build !unix

package sqlite_test

import "time"

// cpuTime is unknown here: benchmarks then report wall-clock figures only.
func cpuTime() time.Duration { return 0 }
