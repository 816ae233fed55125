package tokens

import (
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/core"
)

// Feed pages.
const (
	DefaultPerPage = 30
	MaxPerPage     = 100
)

// FeedCase is one published case as the main teaching site lists it.
type FeedCase struct {
	ID        string `json:"id"`
	Title     string `json:"title"`
	Author    string `json:"author"`
	Category  string `json:"category"`
	ICD11Code string `json:"icd11_code"`
	// Diagnosis is the optional ICD-11 MMS diagnosis (cases.diagnosis_icd11), "" for none.
	Diagnosis   string `json:"diagnosis_icd11"`
	Date        string `json:"date"`
	URL         string `json:"url"`
	HeaderImage string `json:"header_image"`
}

// FeedPage is one page of the feed, in the shape of PocketBase's own lists.
type FeedPage struct {
	Page       int        `json:"page"`
	PerPage    int        `json:"perPage"`
	TotalItems int        `json:"totalItems"`
	TotalPages int        `json:"totalPages"`
	Items      []FeedCase `json:"items"`
}

// public is the rule of a public case (pocketbase/README.md, migrations/1763769609_cases_moderation.go):
// published, and its author not blocked.
const public = ` FROM cases c JOIN users u ON u.id = c.author WHERE c.status = 'published' AND u.blocked = FALSE`

// handleFeed lists public cases, newest first, for an integration token.
func handleFeed(e *core.RequestEvent) error {
	tok, err := Authenticate(e, Integration)
	if err != nil {
		return err
	}
	if tok == nil {
		return e.UnauthorizedError("Send an integration token: Authorization: Bearer cst_…", nil)
	}
	q := e.Request.URL.Query()
	page, perPage := positive(q.Get("page"), 1), positive(q.Get("perPage"), DefaultPerPage)
	perPage = min(perPage, MaxPerPage)
	out := FeedPage{Page: page, PerPage: perPage, Items: []FeedCase{}}
	if err := e.App.DB().NewQuery(`SELECT COUNT(*)` + public).Row(&out.TotalItems); err != nil {
		return e.InternalServerError("", err)
	}
	out.TotalPages = (out.TotalItems + perPage - 1) / perPage
	var rows []struct {
		ID        string `db:"id"`
		Title     string `db:"title"`
		Category  string `db:"category"`
		Code      string `db:"code"`
		Diagnosis string `db:"diagnosis_icd11"`
		Created   string `db:"created"`
		Header    string `db:"header"`
		Name      string `db:"name"`
		Username  string `db:"username"`
	}
	err = e.App.DB().NewQuery(`SELECT c.id, c.title, c.category, c.icd11_code AS code, c.diagnosis_icd11, c.created, c.header_image AS header, u.name, u.username` + public +
		` ORDER BY c.created DESC, c.id DESC LIMIT {:limit} OFFSET {:offset}`).
		Bind(dbx.Params{"limit": perPage, "offset": (page - 1) * perPage}).All(&rows)
	if err != nil {
		return e.InternalServerError("", err)
	}
	base := strings.TrimRight(e.App.Settings().Meta.AppURL, "/")
	for _, r := range rows {
		c := FeedCase{ID: r.ID, Title: r.Title, Author: r.Name, Category: r.Category, ICD11Code: r.Code, Diagnosis: r.Diagnosis, Date: r.Created,
			URL: base + "/cases/" + r.ID}
		if c.Author == "" {
			c.Author = r.Username
		}
		if r.Header != "" {
			c.HeaderImage = base + "/api/files/cases/" + r.ID + "/" + url.PathEscape(r.Header)
		}
		out.Items = append(out.Items, c)
	}
	e.Response.Header().Set("Cache-Control", "private, no-store")
	return e.JSON(http.StatusOK, out)
}

func positive(s string, fallback int) int {
	n, err := strconv.Atoi(s)
	if err != nil || n < 1 {
		return fallback
	}
	return min(n, 1_000_000)
}
