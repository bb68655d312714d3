package hsds_test

import (
	"encoding/json"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/santhosh-tekuri/jsonschema/v6"

	"github.com/reseau-bxl/reseau/internal/demo"
	"github.com/reseau-bxl/reseau/internal/reseau"
)

// officialFile is HSDS 3.0.0's schema/compiled/tabular.json, kept unchanged
// (testdata/hsds-3.0/README.md says where it comes from): every HSDS object's
// JSON schema, as the tabular format uses it.
const officialFile = "testdata/hsds-3.0/schema/compiled/tabular.json"

// official is HSDS's definition of one object.
type official struct {
	schema map[string]any // the object's JSON schema
	path   string
	// fields are its tabular fields (the properties with constraints: what
	// HSDS's schemas_to_datapackage makes datapackage fields of), by name.
	fields   map[string]map[string]any
	required map[string]bool // required and tabular_required
}

// loadOfficial reads the official file, and compiles each object's JSON
// schema with format assertions on (uuid, email, uri, date-time), its
// references to the other objects resolved within the file.
func loadOfficial(t testing.TB) (map[string]*official, map[string]*jsonschema.Schema) {
	t.Helper()
	f, err := os.Open(officialFile)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	doc, err := jsonschema.UnmarshalJSON(f)
	if err != nil {
		t.Fatal(err)
	}
	c := jsonschema.NewCompiler()
	c.AssertFormat()
	objects := map[string]*official{}
	props := doc.(map[string]any)["properties"].(map[string]any)
	for name, p := range props {
		schema := p.(map[string]any)["items"].(map[string]any)
		o := &official{schema: schema, path: schema["path"].(string), fields: map[string]map[string]any{}, required: map[string]bool{}}
		for fname, fp := range schema["properties"].(map[string]any) {
			if fm := fp.(map[string]any); fm["constraints"] != nil {
				o.fields[fname] = fm
			}
		}
		for _, key := range []string{"required", "tabular_required"} {
			if l, ok := schema[key].([]any); ok {
				for _, r := range l {
					o.required[r.(string)] = true
				}
			}
		}
		objects[name] = o
		if err := c.AddResource("https://hsds.invalid/schema/"+name+".json", schema); err != nil {
			t.Fatal(err)
		}
	}
	compiled := map[string]*jsonschema.Schema{}
	for name := range objects {
		s, err := c.Compile("https://hsds.invalid/schema/" + name + ".json")
		if err != nil {
			t.Fatalf("compile %s: %v", name, err)
		}
		compiled[name] = s
	}
	return objects, compiled
}

// datapackage is the part of a written datapackage.json the tests read.
type datapackage struct {
	Profile   string `json:"profile"`
	Resources []struct {
		Name   string `json:"name"`
		Path   string `json:"path"`
		Schema struct {
			PrimaryKey string `json:"primaryKey"`
			Fields     []struct {
				Name        string `json:"name"`
				Type        string `json:"type"`
				Format      string `json:"format"`
				Constraints struct {
					Required bool     `json:"required"`
					Unique   bool     `json:"unique"`
					Enum     []string `json:"enum"`
				} `json:"constraints"`
			} `json:"fields"`
			ForeignKeys []struct {
				Fields    string `json:"fields"`
				Reference struct {
					Resource string `json:"resource"`
				} `json:"reference"`
			} `json:"foreignKeys"`
		} `json:"schema"`
	} `json:"resources"`
}

func readDatapackage(t testing.TB, dir string) datapackage {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(dir, "datapackage.json"))
	if err != nil {
		t.Fatal(err)
	}
	var p datapackage
	if err := json.Unmarshal(b, &p); err != nil {
		t.Fatal(err)
	}
	return p
}

// TestDatapackageMatchesHSDS: every field datapackage.json declares is a
// tabular field of its HSDS object, with HSDS's type, format, enumeration,
// uniqueness and requiredness, and every field HSDS requires is declared.
func TestDatapackageMatchesHSDS(t *testing.T) {
	objects, _ := loadOfficial(t)
	p := readDatapackage(t, export(t, directoryDataset()))
	if p.Profile != "tabular-data-package" || len(p.Resources) != 13 {
		t.Fatalf("profile %q, %d resources", p.Profile, len(p.Resources))
	}
	for _, r := range p.Resources {
		o, ok := objects[r.Name]
		if !ok {
			t.Errorf("resource %s is not an HSDS object", r.Name)
			continue
		}
		if r.Path != o.path {
			t.Errorf("%s: path %s, HSDS says %s", r.Name, r.Path, o.path)
		}
		if r.Schema.PrimaryKey != "id" {
			t.Errorf("%s: primary key %q", r.Name, r.Schema.PrimaryKey)
		}
		declared := map[string]bool{}
		for _, f := range r.Schema.Fields {
			declared[f.Name] = true
			of, ok := o.fields[f.Name]
			if !ok {
				t.Errorf("%s.%s is not an HSDS field", r.Name, f.Name)
				continue
			}
			typ, _ := of["datapackage_type"].(string)
			if typ == "" {
				typ = of["type"].(string)
			}
			format, _ := of["format"].(string)
			unique, _ := of["constraints"].(map[string]any)["unique"].(bool)
			var enum []string
			if l, ok := of["enum"].([]any); ok {
				for _, e := range l {
					enum = append(enum, e.(string))
				}
			}
			if f.Type != typ || f.Format != format || f.Constraints.Unique != unique || !slices.Equal(f.Constraints.Enum, enum) {
				t.Errorf("%s.%s: type %s format %q unique %v enum %v; HSDS: %s %q %v %v", r.Name, f.Name,
					f.Type, f.Format, f.Constraints.Unique, f.Constraints.Enum, typ, format, unique, enum)
			}
			if f.Constraints.Required != o.required[f.Name] {
				t.Errorf("%s.%s: required %v, HSDS %v", r.Name, f.Name, f.Constraints.Required, o.required[f.Name])
			}
		}
		for name := range o.required {
			if !declared[name] {
				t.Errorf("%s: HSDS requires %s, the package does not declare it", r.Name, name)
			}
		}
	}
}

var (
	date  = regexp.MustCompile(`^\d{4}-\d{2}-\d{2}$`)
	clock = regexp.MustCompile(`^\d{2}:\d{2}:\d{2}$`)
)

// validatePackage checks every row of every file of the package in dir:
// its header is the declared fields; converted to JSON with the declared
// types, it validates against HSDS's JSON schema of its object; required
// cells are filled, unique ones unique, foreign keys resolve. It returns
// the number of rows of each file.
func validatePackage(t *testing.T, dir string, schemas map[string]*jsonschema.Schema) map[string]int {
	t.Helper()
	p := readDatapackage(t, dir)
	ids := map[string]map[string]bool{}
	counts := map[string]int{}
	type fk struct{ file, field, target, value string }
	var fks []fk
	for _, r := range p.Resources {
		header, rows := readCSV(t, dir, r.Path)
		var names []string
		for _, f := range r.Schema.Fields {
			names = append(names, f.Name)
		}
		if !slices.Equal(header, names) {
			t.Errorf("%s: header %v, declared fields %v", r.Path, header, names)
			continue
		}
		ids[r.Name] = map[string]bool{}
		seen := map[string]map[string]bool{}
		for n, row := range rows {
			line := r.Path + ":" + strconv.Itoa(n+2)
			obj := map[string]any{}
			for i, f := range r.Schema.Fields {
				v := row[i]
				if v == "" {
					if f.Constraints.Required {
						t.Errorf("%s: %s is required and empty", line, f.Name)
					}
					continue
				}
				switch f.Type {
				case "number":
					if _, err := strconv.ParseFloat(v, 64); err != nil {
						t.Errorf("%s: %s = %q is not a number", line, f.Name, v)
					}
					obj[f.Name] = json.Number(v)
				case "date":
					if _, err := time.Parse(time.DateOnly, v); err != nil || !date.MatchString(v) {
						t.Errorf("%s: %s = %q is not a date", line, f.Name, v)
					}
					obj[f.Name] = v
				case "time":
					if !clock.MatchString(v) {
						t.Errorf("%s: %s = %q is not a time (HH:MM:SS)", line, f.Name, v)
					}
					obj[f.Name] = v
				case "string":
					obj[f.Name] = v
				default:
					t.Fatalf("%s: type %s not handled", r.Path, f.Type)
				}
				if f.Constraints.Unique {
					if seen[f.Name] == nil {
						seen[f.Name] = map[string]bool{}
					}
					if seen[f.Name][v] {
						t.Errorf("%s: %s = %q is not unique", line, f.Name, v)
					}
					seen[f.Name][v] = true
				}
			}
			if err := schemas[r.Name].Validate(obj); err != nil {
				t.Errorf("%s does not validate against HSDS's %s schema: %v", line, r.Name, err)
			}
			ids[r.Name][obj["id"].(string)] = true
			for _, k := range r.Schema.ForeignKeys {
				if v, ok := obj[k.Fields].(string); ok {
					fks = append(fks, fk{line, k.Fields, k.Reference.Resource, v})
				}
			}
		}
		counts[r.Path] = len(rows)
	}
	for _, k := range fks {
		if !ids[k.target][k.value] {
			t.Errorf("%s: %s = %s is not the id of a %s", k.file, k.field, k.value, k.target)
		}
	}
	return counts
}

// TestExportValidatesAgainstHSDS validates every row of the packages of the
// fixture, the demo dataset (with the directory records of its public
// sources) and the generated S network with directory records against HSDS
// 3.0's JSON schemas; every file of each has rows, so none goes unchecked.
func TestExportValidatesAgainstHSDS(t *testing.T) {
	_, schemas := loadOfficial(t)
	demoDS, err := demo.DemoDataset()
	if err != nil {
		t.Fatal(err)
	}
	filled, _ := demo.Scale("S")
	demo.FillDirectories(filled)
	for _, c := range []struct {
		name string
		ds   *reseau.Dataset
	}{{"fixture", directoryDataset()}, {"demo", demoDS}, {"S with directories", filled}} {
		t.Run(c.name, func(t *testing.T) {
			counts := validatePackage(t, export(t, c.ds), schemas)
			total := 0
			for file, n := range counts {
				total += n
				if n == 0 {
					t.Errorf("%s has no row: nothing of it was validated", file)
				}
			}
			t.Logf("%d rows validated in %d files", total, len(counts))
		})
	}
}

// TestValidatorRefuses: the validation above can fail: a row that breaks
// HSDS's schema of its object is refused.
func TestValidatorRefuses(t *testing.T) {
	_, schemas := loadOfficial(t)
	for _, c := range []struct {
		object string
		row    map[string]any
	}{
		{"organization", map[string]any{"id": "not-a-uuid", "name": "X", "description": "Y"}},
		{"organization", map[string]any{"id": "0a1b2c3d-0000-4000-8000-000000000001", "description": "Y"}},
		{"organization", map[string]any{"id": "0a1b2c3d-0000-4000-8000-000000000001", "name": "X", "description": "Y", "email": "nobody"}},
		{"service", map[string]any{"id": "0a1b2c3d-0000-4000-8000-000000000001", "name": "X", "status": "open"}},
		{"address", map[string]any{"id": "0a1b2c3d-0000-4000-8000-000000000001", "address_1": "Rue 1", "city": "X",
			"state_province": "Y", "postal_code": "1000", "country": "BE", "address_type": "home"}},
		{"location", map[string]any{"id": "0a1b2c3d-0000-4000-8000-000000000001", "location_type": "physical", "latitude": "north"}},
	} {
		if err := schemas[c.object].Validate(c.row); err == nil {
			t.Errorf("%s %v validates", c.object, c.row)
		}
	}
	if err := schemas["organization"].Validate(map[string]any{"id": "0a1b2c3d-0000-4000-8000-000000000001", "name": "X",
		"description": "Y"}); err != nil {
		t.Errorf("a minimal organization is refused: %v", err)
	}
	if !strings.HasPrefix(officialFile, "testdata/") {
		t.Fatal("the official schemas must be test data")
	}
}
