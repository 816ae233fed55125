package routes

import (
	"fmt"

	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tools/search"
)

// findReadable lists the records of collection matching filter that the
// request may list, sorted by sort (PocketBase's "-a,b" syntax). The
// collection's own list rule is applied as PocketBase's record list does
// (apis/record_crud.go), so no access rule is re-implemented here.
func findReadable(app core.App, info *core.RequestInfo, collection string, filter string, sort string, params dbx.Params) ([]*core.Record, error) {
	col, err := app.FindCachedCollectionByNameOrId(collection)
	if err != nil {
		return nil, err
	}
	if col.ListRule == nil && !info.HasSuperuserAuth() {
		return nil, nil // superusers only
	}
	query := app.RecordQuery(col)
	resolver := core.NewRecordFieldResolver(app, col, info, true)
	if !info.HasSuperuserAuth() && *col.ListRule != "" {
		rule, err := search.FilterData(*col.ListRule).BuildExpr(resolver)
		if err != nil {
			return nil, fmt.Errorf("%s list rule: %w", collection, err)
		}
		query.AndWhere(rule)
	}
	where, err := search.FilterData(filter).BuildExpr(resolver, params)
	if err != nil {
		return nil, fmt.Errorf("%s filter: %w", collection, err)
	}
	query.AndWhere(where)
	for _, field := range search.ParseSortFromString(sort) {
		expr, err := field.BuildExpr(resolver)
		if err != nil {
			return nil, err
		}
		if expr != "" {
			query.AndOrderBy(expr)
		}
	}
	if err := resolver.UpdateQuery(query); err != nil {
		return nil, err
	}
	records := []*core.Record{}
	if err := query.All(&records); err != nil {
		return nil, err
	}
	return records, nil
}
