package lab_test

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/leakscan/lab/internal/labtest"
)

// TestCatalogIsConsistent checks the catalog's shape; each app's own test (cmd/<name>/main_test.go) proves its
// behaviour.
func TestCatalogIsConsistent(t *testing.T) {
	cat, err := labtest.Load()
	if err != nil {
		t.Fatal(err)
	}
	if cat.SchemaVersion != 1 {
		t.Errorf("schemaVersion = %d, want 1", cat.SchemaVersion)
	}
	var dirs []string
	for _, root := range appRoots {
		ents, err := os.ReadDir(root)
		if err != nil {
			t.Fatal(err)
		}
		for _, d := range ents {
			if d.IsDir() {
				dirs = append(dirs, d.Name())
			}
		}
	}
	inCatalog := map[string]bool{}
	v5 := 0
	for _, app := range cat.Apps {
		if inCatalog[app.Name] {
			t.Errorf("%s listed twice", app.Name)
		}
		inCatalog[app.Name] = true
		if app.Echo == 5 {
			v5++
		}
		checkApp(t, cat, app)
	}
	seen := map[string]bool{}
	for _, d := range dirs {
		if seen[d] {
			t.Errorf("%s is an app folder in more than one of %q", d, appRoots)
		}
		seen[d] = true
		if !inCatalog[d] {
			t.Errorf("app folder %s is not in catalog.json", d)
		}
	}
	if v5 < 2 {
		t.Errorf("%d Echo v5 apps, want at least 2", v5)
	}
}

// appRoots hold the apps: cmd/ in this module (go 1.25), go127/cmd/ in the nested module that needs Go 1.27.
var appRoots = []string{"cmd", filepath.Join("go127", "cmd")}

// appDir is the app's folder under the first root that has it (cmd/ when none has).
func appDir(name string) string {
	for _, root := range appRoots {
		if _, err := os.Stat(filepath.Join(root, name)); err == nil {
			return filepath.Join(root, name)
		}
	}
	return filepath.Join(appRoots[0], name)
}

func checkApp(t *testing.T, cat labtest.Catalog, app labtest.App) {
	dir := appDir(app.Name)
	for _, f := range []string{"main.go", "server.go"} {
		if _, err := os.Stat(filepath.Join(dir, f)); err != nil {
			t.Errorf("%s: %v", app.Name, err)
		}
	}
	test, err := os.ReadFile(filepath.Join(dir, "main_test.go"))
	if err != nil || !strings.Contains(string(test), `labtest.Verify(t, "`+app.Name+`"`) {
		t.Errorf("%s: main_test.go must call labtest.Verify(t, %q, ...)", app.Name, app.Name)
	}
	if app.Echo != 4 && app.Echo != 5 {
		t.Errorf("%s: echo = %d", app.Name, app.Echo)
	}
	if app.Twin != nil {
		twin, ok := cat.Find(*app.Twin)
		if !ok || twin.Twin == nil || *twin.Twin != app.Name {
			t.Errorf("%s: twin %q does not point back", app.Name, *app.Twin)
		}
	}
	if app.Telemetry == nil || app.Routes == nil {
		t.Errorf("%s: telemetry and routes must be arrays", app.Name)
	}
	if !slices.Contains(labtest.TelemetryBaseURLs, app.TelemetryBaseURL) {
		t.Errorf("%s: telemetryBaseUrl %q is not one of %q", app.Name, app.TelemetryBaseURL, labtest.TelemetryBaseURLs)
	}
	if admin := strings.Contains(string(test), "labtest.Admin("); admin != (app.TelemetryBaseURL == "admin") {
		t.Errorf("%s: telemetryBaseUrl %q, but main_test.go serves an admin listener: %v", app.Name, app.TelemetryBaseURL, admin)
	}
	for _, tel := range app.Telemetry {
		if !slices.Contains(labtest.TelemetryKinds, tel.Kind) || !strings.HasPrefix(tel.Path, "/") {
			t.Errorf("%s: bad telemetry %+v", app.Name, tel)
		}
	}
	leaks := false
	for _, r := range app.Routes {
		if r.Request.Path == "" || r.Expect == nil || r.Request.Headers == nil {
			t.Errorf("%s %s: request.path, request.headers and expect are required", app.Name, r.Path)
		}
		for _, e := range r.Expect {
			leaks = true
			if !slices.Contains(labtest.Kinds, e.Kind) || !slices.Contains(labtest.Scopes, e.Scope) ||
				e.Input != "" && !slices.Contains(labtest.Inputs, e.Input) {
				t.Errorf("%s %s: bad expectation %+v", app.Name, r.Path, e)
			}
		}
	}
	want := "CLEAN"
	switch {
	case len(app.Telemetry) == 0:
		want = "INCONCLUSIVE"
	case leaks:
		want = "LEAKS_FOUND"
	}
	if app.ExpectedVerdict != want {
		t.Errorf("%s: expectedVerdict %s, want %s", app.Name, app.ExpectedVerdict, want)
	}
}
