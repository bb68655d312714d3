package csvio_test

import (
	"os"
	"path/filepath"
	"reflect"
	"testing"

	"github.com/reseau-bxl/reseau/internal/csvio"
	"github.com/reseau-bxl/reseau/internal/reseau"
	"golang.org/x/text/encoding/charmap"
)

// testdata/excel-semicolon-1252 holds the demo's files as Excel saves "CSV
// (séparateur: point-virgule)" on a Belgian Windows: ';', Windows-1252,
// CR-LF, list cells quoted.
const excelDir = "testdata/excel-semicolon-1252"

func TestReadDirExcelSemicolon1252(t *testing.T) {
	want, _, err := csvio.ReadDir(schaerbeekDir)
	if err != nil {
		t.Fatal(err)
	}
	got, src, err := csvio.ReadDir(excelDir)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(got, want) {
		t.Fatal("the Windows-1252 ';' export reads to another dataset than the UTF-8 ',' one")
	}
	formats := map[string]csvio.FileFormat{}
	for _, f := range src.Formats() {
		formats[f.File] = f
	}
	if f := formats[csvio.FileOrganisations]; f.Separator != ";" || f.Encoding != csvio.EncodingWindows1252 {
		t.Errorf("organisations.csv read as %+v, want ; and Windows-1252", f)
	}
	if f := formats[csvio.FileParties]; f.Separator != ";" || f.Encoding != csvio.EncodingUTF8 {
		t.Errorf("partnership_parties.csv (ASCII) read as %+v, want ; and UTF-8", f)
	}
	_, src, err = csvio.ReadDir(schaerbeekDir)
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range src.Formats() {
		if f.Separator != "," || f.Encoding != csvio.EncodingUTF8 {
			t.Errorf("demo %s read as %+v, want , and UTF-8", f.File, f)
		}
	}
}

func cp1252(t *testing.T, s string) string {
	t.Helper()
	b, err := charmap.Windows1252.NewEncoder().String(s)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func TestReadDirSeparatorAndEncoding(t *testing.T) {
	const header = "id;name;sector;domains;aliases\r\n"
	for _, c := range []struct {
		name, body string
		wantName   string
		wantAlias  []string
		wantEnc    string
	}{
		{"utf-8 with BOM", "\ufeff" + header + "a;Équipe à Évere;cpas;;\"x;y\"\r\n", "Équipe à Évere", []string{"x", "y"}, csvio.EncodingUTF8BOM},
		{"utf-8 without BOM", header + "a;Équipe à Évere;cpas;;\"x;y\"\r\n", "Équipe à Évere", []string{"x", "y"}, csvio.EncodingUTF8},
		{"windows-1252", header + "a;" + "Équipe à Évere – œuvre" + ";cpas;;\"x;y\"\r\n", "Équipe à Évere – œuvre", []string{"x", "y"}, csvio.EncodingWindows1252},
		{"windows-1252 late", header + "a;Ligue;cpas;;\r\nb;" + "Maison médicale" + ";cpas;;\r\n", "Ligue", nil, csvio.EncodingWindows1252},
	} {
		t.Run(c.name, func(t *testing.T) {
			dir := t.TempDir()
			body := c.body
			if c.wantEnc == csvio.EncodingWindows1252 {
				body = cp1252(t, body)
			}
			if err := os.WriteFile(filepath.Join(dir, csvio.FileOrganisations), []byte(body), 0o600); err != nil {
				t.Fatal(err)
			}
			ds, src, err := csvio.ReadDir(dir)
			if err != nil {
				t.Fatal(err)
			}
			o := ds.Organisations[0]
			if o.Name != c.wantName || !reflect.DeepEqual(o.Aliases, c.wantAlias) {
				t.Errorf("got %q %q, want %q %q", o.Name, o.Aliases, c.wantName, c.wantAlias)
			}
			if c.name == "windows-1252 late" && ds.Organisations[1].Name != "Maison médicale" {
				t.Errorf("second row: got %q", ds.Organisations[1].Name)
			}
			if f := src.Formats()[0]; f.Separator != ";" || f.Encoding != c.wantEnc {
				t.Errorf("format %+v, want ; %s", f, c.wantEnc)
			}
		})
	}
}

// Errors in a ';' Windows-1252 file keep their file, line and column.
func TestReadDirSemicolonErrors(t *testing.T) {
	for _, c := range []struct {
		name, body string
		line       int
		column     string
	}{
		{"bad sector", "id;name;sector\r\na;Équipe;cpas\r\nb;Société;nowhere\r\n", 3, "sector"},
		{"unquoted list", "id;name;aliases;commune\r\na;Équipe;x;y;Evere\r\n", 2, ""},
		{"missing value", "id;name;sector\r\na;Équipe\r\n", 2, "sector"},
		{"bad key", "id;name\r\nÉ;Équipe\r\n", 2, "id"},
	} {
		t.Run(c.name, func(t *testing.T) {
			dir := t.TempDir()
			if err := os.WriteFile(filepath.Join(dir, csvio.FileOrganisations), []byte(cp1252(t, c.body)), 0o600); err != nil {
				t.Fatal(err)
			}
			_, _, err := csvio.ReadDir(dir)
			e, ok := err.(*reseau.Error)
			if !ok || e.Code != reseau.EINVALID {
				t.Fatalf("got %v, want EINVALID", err)
			}
			if e.File != csvio.FileOrganisations || e.Line != c.line || e.Column != c.column {
				t.Errorf("got %s:%d column %q, want line %d column %q (%v)", e.File, e.Line, e.Column, c.line, c.column, err)
			}
		})
	}
}
