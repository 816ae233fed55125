package hooks

import (
	"os"
	"reflect"
	"sync"

	"github.com/pocketbase/pocketbase/core"
)

// settingsTable is the table PocketBase stores its settings in, under the
// "settings" key (core/settings_model.go, paramsTable and paramsKeySettings).
const (
	settingsTable = "_params"
	settingsKey   = "settings"
)

// envOverrides applies the CASSETTE_* variables to the running app's
// settings and keeps them out of the stored ones: a variable is in force for
// the process that read it, never for the next start.
type envOverrides struct {
	getenv func(string) string

	mu sync.RWMutex
	// active is set once serving starts: migrations (which apis.Serve runs
	// before OnServe) and other commands see the stored settings only, so a
	// value a migration sets is never mistaken for the environment's.
	active bool
	// stored is what the database holds; withEnv is stored with the
	// environment on top, what the app runs with.
	stored, withEnv *core.Settings
	applied         []string
}

func registerSettingsEnv(app core.App) {
	o := &envOverrides{getenv: os.Getenv}

	// ReloadSettings runs at bootstrap and after every save of the settings
	// (core/settings_model.go registerSettingsHooks), overwriting the
	// in-memory settings with the stored ones: the environment goes back on
	// top each time.
	app.OnSettingsReload().BindFunc(o.onReload)

	// The execute hooks are the last step before the row is written, whoever
	// saves: the dashboard (apis/settings.go settingsSet clones the running
	// settings, so the form sends the environment's values back), a
	// collection rename (core/settings_model.go), a migration.
	app.OnModelCreateExecute(settingsTable).BindFunc(o.onStore)
	app.OnModelUpdateExecute(settingsTable).BindFunc(o.onStore)

	// From serving on, the environment is on top of the stored values.
	app.OnServe().BindFunc(func(se *core.ServeEvent) error {
		o.mu.Lock()
		o.active = true
		o.mu.Unlock()
		if err := se.App.ReloadSettings(); err != nil {
			return err
		}
		if applied := o.appliedVariables(); len(applied) > 0 {
			se.App.Logger().Info("Settings taken from the environment for this run (not saved)", "variables", applied)
		}
		return se.Next()
	})
}

func (o *envOverrides) onReload(e *core.SettingsReloadEvent) error {
	if err := e.Next(); err != nil {
		return err
	}
	o.mu.RLock()
	active := o.active
	o.mu.RUnlock()
	if !active {
		return nil
	}
	stored, err := e.App.Settings().Clone()
	if err != nil {
		return err
	}
	withEnv, applied, err := EnvSettings(stored, o.getenv)
	if err != nil {
		return err
	}
	o.mu.Lock()
	o.stored, o.withEnv, o.applied = stored, withEnv, applied
	o.mu.Unlock()
	if len(applied) == 0 {
		return nil
	}
	return e.App.Settings().Merge(withEnv)
}

// onStore writes the settings with every environment-controlled value that
// is still the environment's replaced by the stored one. A value an admin
// changed in the dashboard is saved as typed (it takes effect once the
// variable is unset).
func (o *envOverrides) onStore(e *core.ModelEvent) error {
	out, ok := e.Model.(*core.Settings)
	if !ok || e.Model.PK() != settingsKey {
		return e.Next()
	}
	o.mu.RLock()
	stored, withEnv := o.stored, o.withEnv
	o.mu.RUnlock()
	if stored == nil {
		return e.Next()
	}
	toStore, err := withoutEnv(out, stored, withEnv)
	if err != nil {
		return err
	}
	e.Model = toStore
	err = e.Next()
	e.Model = out
	if err == nil {
		out.MarkAsNotNew()
	}
	return err
}

func (o *envOverrides) appliedVariables() []string {
	o.mu.RLock()
	defer o.mu.RUnlock()
	return o.applied
}

// withoutEnv returns a copy of out in which each field the environment
// changed (withEnv differs from stored) and out still holds the
// environment's value gets the stored value back.
func withoutEnv(out, stored, withEnv *core.Settings) (*core.Settings, error) {
	res, err := out.Clone()
	if err != nil {
		return nil, err
	}
	r, s, w, o := envFields(res), envFields(stored), envFields(withEnv), envFields(out)
	for i := range r {
		sv, wv, ov := reflect.ValueOf(s[i]).Elem(), reflect.ValueOf(w[i]).Elem(), reflect.ValueOf(o[i]).Elem()
		if !wv.Equal(sv) && ov.Equal(wv) {
			reflect.ValueOf(r[i]).Elem().Set(sv)
		}
	}
	return res, nil
}

// envFields lists pointers to every setting a CASSETTE_* variable can set,
// in a fixed order, so that two Settings can be compared field by field.
func envFields(s *core.Settings) []any {
	return []any{
		&s.Meta.AppURL, &s.Meta.AppName, &s.Meta.SenderAddress, &s.Meta.SenderName,
		&s.SMTP.Enabled, &s.SMTP.Host, &s.SMTP.Port, &s.SMTP.Username, &s.SMTP.Password, &s.SMTP.TLS,
		&s.S3.Enabled, &s.S3.Bucket, &s.S3.Region, &s.S3.Endpoint, &s.S3.AccessKey, &s.S3.Secret, &s.S3.ForcePathStyle,
		&s.RateLimits.Enabled,
	}
}
