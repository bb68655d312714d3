package httpserver

import (
	"strings"

	"github.com/reseau-bxl/reseau/internal/reseau"
)

// EnvGraphiQL turns the GraphiQL page on or off, whatever RESEAU_ENV says.
const EnvGraphiQL = "RESEAU_GRAPHIQL"

// GraphiQLFromEnv says whether to serve GraphiQL: RESEAU_GRAPHIQL when set
// (on or off), otherwise on in development and off in production, where
// the API's clients are applications, not developers. EINVALID for another
// value.
func GraphiQLFromEnv(getenv func(string) string, production bool) (bool, error) {
	switch v := strings.ToLower(strings.TrimSpace(getenv(EnvGraphiQL))); v {
	case "":
		return !production, nil
	case "on", "true", "1":
		return true, nil
	case "off", "false", "0":
		return false, nil
	default:
		return false, reseau.Errorf(reseau.EINVALID, "%s=%q: want on or off", EnvGraphiQL, v)
	}
}
