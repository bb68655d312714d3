package web_test

import (
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"testing"
)

// dictKey matches a key of a dictionary in src/i18n: one entry a line.
var dictKey = regexp.MustCompile(`(?m)^\s*(?:'([^']+)'|"([^"]+)"):`)

// TestDictionariesHaveTheSameKeys checks that French, Dutch and English
// translate the same texts: a key missing in one language would show in
// another one.
func TestDictionariesHaveTheSameKeys(t *testing.T) {
	keys := make(map[string][]string)
	for _, lang := range []string{"fr", "nl", "en"} {
		b, err := os.ReadFile(filepath.Join("src", "i18n", lang+".js"))
		if err != nil {
			t.Fatal(err)
		}
		seen := make(map[string]bool)
		for _, m := range dictKey.FindAllStringSubmatch(string(b), -1) {
			k := m[1] + m[2]
			if seen[k] {
				t.Errorf("%s: %q twice", lang, k)
			}
			seen[k] = true
			keys[lang] = append(keys[lang], k)
		}
		slices.Sort(keys[lang])
		if len(keys[lang]) < 100 {
			t.Fatalf("%s: %d keys read; the pattern no longer matches the file", lang, len(keys[lang]))
		}
	}
	for _, lang := range []string{"nl", "en"} {
		for _, k := range keys["fr"] {
			if _, ok := slices.BinarySearch(keys[lang], k); !ok {
				t.Errorf("%s lacks %q", lang, k)
			}
		}
		for _, k := range keys[lang] {
			if _, ok := slices.BinarySearch(keys["fr"], k); !ok {
				t.Errorf("fr lacks %q (in %s)", k, lang)
			}
		}
	}
}
