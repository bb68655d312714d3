package main

import (
	"os"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/goccy/go-yaml"
)

// composeFile is the part of docker-compose.yml that TestComposeFile checks.
type composeFile struct {
	Services map[string]struct {
		Image       string            `yaml:"image"`
		Build       any               `yaml:"build"`
		Profiles    []string          `yaml:"profiles"`
		Ports       []string          `yaml:"ports"`
		Volumes     []string          `yaml:"volumes"`
		Environment map[string]string `yaml:"environment"`
		Command     []string          `yaml:"command"`
		DependsOn   map[string]struct {
			Condition string `yaml:"condition"`
		} `yaml:"depends_on"`
		Healthcheck struct {
			Test     []string `yaml:"test"`
			Interval string   `yaml:"interval"`
		} `yaml:"healthcheck"`
	} `yaml:"services"`
}

type workflowFile struct {
	Jobs map[string]struct {
		Strategy struct {
			Matrix struct {
				Neo4j []string `yaml:"neo4j"`
			} `yaml:"matrix"`
		} `yaml:"strategy"`
		Steps []struct {
			Run string `yaml:"run"`
		} `yaml:"steps"`
	} `yaml:"jobs"`
}

// interpolate applies the defaults of ${VAR:-default}, as Compose does
// when VAR is not set.
var defaultVar = regexp.MustCompile(`\$\{[A-Z_]+:-([^}]*)\}`)

func interpolate(s string) string { return defaultVar.ReplaceAllString(s, "$1") }

// pinned is an image tag naming a release (5.26.21, 1.26.8), not a moving
// line (5, latest, community).
var pinned = regexp.MustCompile(`:\d+\.\d+\.\d+(-[a-z0-9-]+)?$`)

// TestComposeFile checks docker-compose.yml without Docker (none runs where
// Réseau is built): the services and the test profile exist, images are
// pinned, every port is published on 127.0.0.1 only by default, the health
// check is light, and the test service runs the command CI runs, against the
// scratch server, never the one holding data.
func TestComposeFile(t *testing.T) {
	b, err := os.ReadFile("docker-compose.yml")
	if err != nil {
		t.Fatal(err)
	}
	var c composeFile
	if err := yaml.Unmarshal(b, &c); err != nil {
		t.Fatalf("docker-compose.yml: %v", err)
	}
	w, err := os.ReadFile(".github/workflows/neo4j.yml")
	if err != nil {
		t.Fatal(err)
	}
	var wf workflowFile
	if err := yaml.Unmarshal(w, &wf); err != nil {
		t.Fatalf("neo4j.yml: %v", err)
	}
	job := wf.Jobs["server"]

	profiles := map[string][]string{"neo4j": nil, "api": nil, "neo4j-test": {"test"}, "contract": {"test"}}
	for name, want := range profiles {
		s, ok := c.Services[name]
		if !ok {
			t.Errorf("no service %s", name)
			continue
		}
		if !slices.Equal(s.Profiles, want) {
			t.Errorf("%s: profiles %v, want %v", name, s.Profiles, want)
		}
	}
	for name, s := range c.Services {
		if s.Build == nil && !pinned.MatchString(s.Image) {
			t.Errorf("%s: image %q is not pinned to a release", name, s.Image)
		}
		for _, p := range s.Ports {
			if !strings.HasPrefix(interpolate(p), "127.0.0.1:") {
				t.Errorf("%s: port %q is published beyond this machine by default", name, p)
			}
		}
		if hc := strings.Join(s.Healthcheck.Test, " "); strings.Contains(hc, "cypher-shell") {
			t.Errorf("%s: the health check starts a JVM (%s)", name, hc)
		}
		if s.Healthcheck.Interval == "5s" {
			t.Errorf("%s: health check every 5 s", name)
		}
	}
	if img := strings.TrimPrefix(c.Services["neo4j"].Image, "neo4j:"); !slices.Contains(job.Strategy.Matrix.Neo4j, img) {
		t.Errorf("compose runs neo4j:%s, which CI does not test (%v)", img, job.Strategy.Matrix.Neo4j)
	}
	var lts, current bool
	for _, v := range job.Strategy.Matrix.Neo4j {
		lts = lts || strings.HasPrefix(v, "5.26.")
		current = current || strings.HasPrefix(v, "2025.")
		if !pinned.MatchString("neo4j:" + v) {
			t.Errorf("CI image neo4j:%s is not pinned", v)
		}
	}
	if !lts || !current {
		t.Errorf("CI tests %v, want a 5.26 LTS and a 2025 release", job.Strategy.Matrix.Neo4j)
	}

	test := c.Services["contract"]
	if test.DependsOn["neo4j-test"].Condition != "service_healthy" {
		t.Errorf("contract does not wait for a healthy neo4j-test: %+v", test.DependsOn)
	}
	if uri := test.Environment["NEO4J_URI"]; uri != "bolt://neo4j-test:7687" {
		t.Errorf("contract runs against %q, want the scratch server", uri)
	}
	if vs := c.Services["neo4j-test"].Volumes; len(vs) != 0 {
		t.Errorf("neo4j-test keeps data in %v", vs)
	}
	cmd := strings.Join(test.Command, " ")
	ran := false
	for _, st := range job.Steps {
		ran = ran || strings.HasPrefix(st.Run, cmd)
	}
	if !ran {
		t.Errorf("compose runs %q, which is not CI's command", cmd)
	}
}
