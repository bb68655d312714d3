package csvio

import (
	"bufio"
	"encoding/csv"
	"os"
	"path/filepath"
	"strconv"
	"strings"

	"github.com/reseau-bxl/reseau/internal/reseau"
)

// WriteDir writes ds into folder dir (created if needed) in the layout that
// ReadDir reads, every file with its full header, so that ReadDir(dir) gives
// ds back. People who work at several organisations take one row per
// membership; a membership of a person that is not in ds.People takes a row
// with an empty name. A list value containing ";" cannot be written (EINVALID).
func WriteDir(dir string, ds *reseau.Dataset) error {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	for _, spec := range specs {
		if err := writeFile(filepath.Join(dir, spec.name), spec, ds); err != nil {
			return err
		}
	}
	return nil
}

func writeFile(name string, spec fileSpec, ds *reseau.Dataset) (err error) {
	f, err := os.Create(name)
	if err != nil {
		return err
	}
	defer func() {
		if cerr := f.Close(); err == nil {
			err = cerr
		}
	}()
	bw := bufio.NewWriterSize(f, 64<<10)
	w := &writer{w: csv.NewWriter(bw), file: spec.name}
	w.row(spec.columns...)
	switch spec.name {
	case FileDomains:
		for _, d := range ds.Domains {
			w.row(d.Key, d.LabelFR, d.LabelNL, d.LabelEN)
		}
	case FileOrganisations:
		for _, o := range ds.Organisations {
			w.row(o.Key, o.Name, o.ShortName, strings.ToLower(string(o.Sector)), o.ParentKey,
				w.list("domains", o.Domains), o.Commune, w.list("languages", o.Languages), w.list("aliases", o.Aliases),
				o.NameFR, o.NameNL, o.DescriptionFR, o.DescriptionNL, o.Website, w.list("emails", o.Emails),
				o.HoursNoteFR, o.HoursNoteNL, o.EligibilityFR, o.EligibilityNL, o.AccessFR, o.AccessNL, o.CostFR, o.CostNL)
		}
	case FileOrganisationPhones:
		for _, o := range ds.Organisations {
			for _, p := range o.Phones {
				w.row(o.Key, p.Number, p.Kind, p.Description)
			}
		}
	case FileOrganisationAddresses:
		for _, o := range ds.Organisations {
			for _, a := range o.Addresses {
				w.row(o.Key, a.Kind, a.Street, a.Number, a.Postcode, a.Commune, float(a.Latitude), float(a.Longitude))
			}
		}
	case FileOrganisationSchedules:
		for _, o := range ds.Organisations {
			for _, sc := range o.Schedules {
				w.row(o.Key, w.list("days", sc.Days), sc.Opens, sc.Closes, sc.ValidFrom, sc.ValidTo)
			}
		}
	case FileOrganisationIdentifiers:
		for _, o := range ds.Organisations {
			for _, id := range o.Identifiers {
				w.row(o.Key, id.Scheme, id.Value)
			}
		}
	case FileOrganisationServices:
		for _, o := range ds.Organisations {
			for _, sv := range o.Services {
				w.row(o.Key, sv.Key, sv.NameFR, sv.NameNL, sv.DescriptionFR, sv.DescriptionNL, w.list("domains", sv.Domains),
					sv.EligibilityFR, sv.EligibilityNL)
			}
		}
	case FilePeople:
		writePeople(w, ds)
	case FileCollaborations:
		for _, c := range ds.Collaborations {
			count := ""
			if c.ParticipantsCount != nil {
				count = strconv.Itoa(*c.ParticipantsCount)
			}
			w.row(c.Key, c.Kind, c.Title, w.list("domains", c.Domains), c.StartDate, c.EndDate, c.Status,
				c.ParentKey, c.LocationKey, count, c.Description)
		}
	case FileParticipants:
		for _, p := range ds.Participations {
			w.row(p.CollaborationKey, p.OrganisationKey, p.Role)
		}
	case FileCollaborationPeople:
		for _, p := range ds.PersonParticipations {
			w.row(p.CollaborationKey, p.PersonKey, p.Role)
		}
	case FilePartnerships:
		for _, p := range ds.Partnerships {
			w.row(p.Key, p.Kind, p.Title, p.StartDate, p.EndDate, p.Description)
		}
	case FileParties:
		for _, p := range ds.Parties {
			w.row(p.PartnershipKey, p.OrganisationKey, p.Role)
		}
	case FileKnows:
		for _, k := range ds.Knows {
			w.row(k.PersonKey, k.OtherKey, k.Since, k.Source)
		}
	}
	w.w.Flush()
	if w.err != nil {
		return w.err
	}
	if err := w.w.Error(); err != nil {
		return err
	}
	return bw.Flush()
}

func writePeople(w *writer, ds *reseau.Dataset) {
	byPerson := make(map[string][]int, len(ds.People))
	for i, m := range ds.Memberships {
		byPerson[m.PersonKey] = append(byPerson[m.PersonKey], i)
	}
	for _, p := range ds.People {
		vis := strings.ToLower(string(p.Visibility))
		ms := byPerson[p.Key]
		if len(ms) == 0 {
			w.row(p.Key, p.Name, p.Email, p.Phone, "", "", "", "", vis)
		}
		for _, i := range ms {
			m := ds.Memberships[i]
			w.row(p.Key, p.Name, p.Email, p.Phone, m.OrganisationKey, m.Role, m.Since, m.Until, vis)
		}
		delete(byPerson, p.Key)
	}
	// Memberships of people the dataset does not hold, in their own order.
	for _, m := range ds.Memberships {
		if _, ok := byPerson[m.PersonKey]; ok {
			w.row(m.PersonKey, "", "", "", m.OrganisationKey, m.Role, m.Since, m.Until, "")
		}
	}
}

// float writes a coordinate with a decimal point, as short as it reads back.
func float(f *float64) string {
	if f == nil {
		return ""
	}
	return strconv.FormatFloat(*f, 'f', -1, 64)
}

type writer struct {
	w    *csv.Writer
	file string
	err  error
}

func (w *writer) row(vals ...string) {
	if w.err == nil {
		w.err = w.w.Write(vals)
	}
}

func (w *writer) list(col string, items []string) string {
	for _, it := range items {
		if strings.Contains(it, ";") && w.err == nil {
			w.err = &reseau.Error{Code: reseau.EINVALID, File: w.file, Column: col,
				Message: "list value " + strconv.Quote(it) + " contains the separator ;"}
		}
	}
	return strings.Join(items, ";")
}
