package graph

import (
	"context"
	"encoding/json"
	"fmt"
	"math"
	"strconv"
	"strings"

	"github.com/99designs/gqlgen/graphql"
	"github.com/99designs/gqlgen/graphql/errcode"
	"github.com/vektah/gqlparser/v2/ast"
	"github.com/vektah/gqlparser/v2/gqlerror"
	"github.com/vektah/gqlparser/v2/parser"
	"github.com/vektah/gqlparser/v2/validator/core"
	"github.com/vektah/gqlparser/v2/validator/rules"
)

// Input values are checked once, against the schema, before gqlgen decodes
// them, because the two halves of gqlgen disagree. gqlparser's
// validator.VariableValues compares an enum variable to the enum's values
// without case (strings.EqualFold), while the generated decoders compare
// exactly: a bound enum (Sector, Visibility, ReasonKind) looks the string up
// in a map and gets the zero value, so "cpas" was stored as a null sector; a
// generated model enum (OrderDirection, NodeType...) returns a plain error,
// which the presenter masks as internal. VariableValues also takes any 64-bit
// integer (and a string of digits) for an Int, which the spec defines as a
// signed 32-bit integer, and words its refusals as "cannot use value 0 as
// Int". StrictVariables (for variables) and ValidationRules (for literals in
// the document) answer every such value with GRAPHQL_VALIDATION_FAILED and a
// message naming the value, where it is and what is allowed, for every enum
// and every Int of the schema, whatever their position.

// StrictVariables is a gqlgen handler extension that checks every variable's
// enums and Ints against the variable's declared type, before gqlparser's
// looser coercion and gqlgen's decoders see them. Other mistakes (a missing
// required variable, an unknown input field, a string for a Boolean) are left
// to gqlparser, which names them well enough.
type StrictVariables struct {
	schema *ast.Schema
	docs   graphql.Cache[*ast.QueryDocument]
}

var _ interface {
	graphql.HandlerExtension
	graphql.OperationParameterMutator
} = (*StrictVariables)(nil)

// NewStrictVariables returns the extension. docs is the server's query cache
// (nil for none): a document found there is not parsed again. Install it
// after the limits extension, whose token limit then bounds the parse of a
// new document.
func NewStrictVariables(docs graphql.Cache[*ast.QueryDocument]) *StrictVariables {
	return &StrictVariables{docs: docs}
}

// ExtensionName implements graphql.HandlerExtension.
func (*StrictVariables) ExtensionName() string { return "ReseauStrictVariables" }

// Validate implements graphql.HandlerExtension: it keeps the schema.
func (s *StrictVariables) Validate(es graphql.ExecutableSchema) error {
	s.schema = es.Schema()
	return nil
}

// MutateOperationParameters implements graphql.OperationParameterMutator.
func (s *StrictVariables) MutateOperationParameters(ctx context.Context, p *graphql.RawParams) *gqlerror.Error {
	if len(p.Variables) == 0 || s.schema == nil {
		return nil
	}
	var doc *ast.QueryDocument
	if s.docs != nil {
		doc, _ = s.docs.Get(ctx, p.Query)
	}
	if doc == nil {
		var err error
		if doc, err = parser.ParseQuery(&ast.Source{Input: p.Query}); err != nil {
			return nil // the executor reports it
		}
	}
	op := doc.Operations.ForName(p.OperationName)
	if op == nil {
		return nil
	}
	for _, v := range op.VariableDefinitions {
		val, ok := p.Variables[v.Variable]
		if !ok {
			continue
		}
		if err := s.check(v.Type, val, ast.Path{ast.PathName("variable"), ast.PathName(v.Variable)}); err != nil {
			errcode.Set(err, errcode.ValidationFailed)
			return err
		}
	}
	return nil
}

// check walks val along typ; path is where val is, from ["variable", name].
func (s *StrictVariables) check(typ *ast.Type, val any, path ast.Path) *gqlerror.Error {
	if val == nil {
		return nil // gqlparser refuses a null where it is not allowed
	}
	if typ.Elem != nil {
		list, ok := val.([]any)
		if !ok {
			// A single value stands for a list of one.
			return s.check(typ.Elem, val, path)
		}
		for i, e := range list {
			if err := s.check(typ.Elem, e, append(path[:len(path):len(path)], ast.PathIndex(i))); err != nil {
				return err
			}
		}
		return nil
	}
	def := s.schema.Types[typ.NamedType]
	if def == nil {
		return nil // the validator reports an unknown type
	}
	switch {
	case def.Kind == ast.Enum:
		if name, ok := val.(string); ok && def.EnumValues.ForName(name) != nil {
			return nil
		}
		return gqlerror.ErrorPathf(path, "variable %s: %s is not %s", where(path), show(val), enumValues(def))
	case def.Kind == ast.Scalar && def.Name == "Int":
		if msg := intProblem(val); msg != "" {
			return gqlerror.ErrorPathf(path, "variable %s: %s", where(path), msg)
		}
	case def.Kind == ast.InputObject:
		obj, ok := val.(map[string]any)
		if !ok {
			return nil // gqlparser says it must be an object
		}
		for _, f := range def.Fields {
			if v, ok := obj[f.Name]; ok {
				if err := s.check(f.Type, v, append(path[:len(path):len(path)], ast.PathName(f.Name))); err != nil {
					return err
				}
			}
		}
	}
	return nil
}

// where names a variable's path for a person: $input.sector, $ties[1].
func where(path ast.Path) string {
	var b strings.Builder
	for i, e := range path[1:] {
		switch e := e.(type) {
		case ast.PathIndex:
			fmt.Fprintf(&b, "[%d]", e)
		case ast.PathName:
			if i == 0 {
				b.WriteString("$")
			} else {
				b.WriteString(".")
			}
			b.WriteString(string(e))
		}
	}
	return b.String()
}

// intRange is what the spec calls an Int.
const intRange = "an Int is a whole number from -2147483648 to 2147483647"

// intProblem says what is wrong with a decoded JSON value given for an Int,
// or "" when it is one.
func intProblem(val any) string {
	var f float64
	switch v := val.(type) {
	case json.Number:
		if n, err := strconv.ParseInt(string(v), 10, 64); err == nil {
			return int64Problem(n, string(v))
		}
		var err error
		if f, err = v.Float64(); err != nil {
			return fmt.Sprintf("%s is out of range: %s", v, intRange)
		}
	case float64:
		f = v
	case int:
		return int64Problem(int64(v), strconv.Itoa(v))
	case int64:
		return int64Problem(v, strconv.FormatInt(v, 10))
	case int32:
		return ""
	case string:
		return fmt.Sprintf("%s is a string, not an Int: send a JSON number (%s)", show(v), intRange)
	default:
		return fmt.Sprintf("%s is not an Int: %s", show(v), intRange)
	}
	if f != math.Trunc(f) || math.IsInf(f, 0) {
		return fmt.Sprintf("%v is not a whole number: %s", show(val), intRange)
	}
	if f < math.MinInt32 || f > math.MaxInt32 {
		return fmt.Sprintf("%v is out of range: %s", show(val), intRange)
	}
	return ""
}

func int64Problem(n int64, text string) string {
	if n < math.MinInt32 || n > math.MaxInt32 {
		return fmt.Sprintf("%s is out of range: %s", text, intRange)
	}
	return ""
}

// show prints a variable's value as it was sent.
func show(v any) string {
	b, err := json.Marshal(v)
	if err != nil || len(b) > 80 {
		return fmt.Sprintf("a %T", v)
	}
	return string(b)
}

// enumValues names an enum and what it accepts.
func enumValues(def *ast.Definition) string {
	names := make([]string, len(def.EnumValues))
	for i, v := range def.EnumValues {
		names[i] = v.Name
	}
	return fmt.Sprintf("one of the values of %s: %s (written exactly so)", def.Name, strings.Join(names, ", "))
}

// ValidationRules returns gqlparser's default rules, with the check of
// literal values (ValuesOfCorrectType) made strict about what gqlparser lets
// through (an Int literal beyond 32 bits) and clear about enums (the message
// lists the allowed values). It is the server's SetValidationRulesFn.
func ValidationRules() *rules.Rules {
	r := rules.NewDefaultRules()
	r.ReplaceRule(rules.ValuesOfCorrectTypeRule.Name, strictLiterals(rules.ValuesOfCorrectTypeRule.RuleFunc))
	return r
}

// strictLiterals runs gqlparser's rule, except on the literals it reports
// itself: an enum literal that is not exactly one of the enum's values, a
// string where an enum is expected, an Int literal out of range or with a
// fraction. Their messages name what is allowed.
func strictLiterals(builtin core.RuleFunc) core.RuleFunc {
	return func(observers *core.Events, addError core.AddErrFunc) {
		var mine bool // the value being walked is reported here
		observers.OnValue(func(_ *core.Walker, v *ast.Value) {
			mine = false
			if v.Definition == nil || v.ExpectedType == nil || v.ExpectedType.Elem != nil {
				return
			}
			switch {
			case v.Definition.Kind == ast.Enum && v.Kind == ast.EnumValue && v.Definition.EnumValues.ForName(v.Raw) == nil:
				mine = true
				addError(core.Message("%s is not %s", v.Raw, enumValues(v.Definition)), core.At(v.Position))
			case v.Definition.Kind == ast.Enum && (v.Kind == ast.StringValue || v.Kind == ast.BlockValue):
				mine = true
				addError(core.Message("%s is a string: write without quotes %s", v.String(), enumValues(v.Definition)), core.At(v.Position))
			case v.Definition.Kind == ast.Scalar && v.Definition.Name == "Int" && v.Kind == ast.IntValue:
				if n, err := strconv.ParseInt(v.Raw, 10, 32); err != nil || n < math.MinInt32 || n > math.MaxInt32 {
					mine = true
					addError(core.Message("%s is out of range: %s", v.Raw, intRange), core.At(v.Position))
				}
			case v.Definition.Kind == ast.Scalar && v.Definition.Name == "Int" && v.Kind == ast.FloatValue:
				mine = true
				addError(core.Message("%s is not a whole number: %s", v.Raw, intRange), core.At(v.Position))
			}
		})
		// gqlparser's observer runs after ours on the same value.
		builtin(observers, func(options ...core.ErrorOption) {
			if !mine {
				addError(options...)
			}
		})
	}
}
