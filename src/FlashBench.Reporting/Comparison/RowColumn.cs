using System.Linq.Expressions;
using System.Reflection;
using CsvHelper.Configuration.Attributes;

namespace FlashBench.Reporting.Comparison;

/// <summary>A property of a CSV row type with the column name its CsvHelper [Name] attribute gives it, so a
/// descriptor never spells a column name itself and cannot drift from what the experiment writes.</summary>
public sealed record RowColumn<TRow, TValue>(string Name, Func<TRow, TValue> Get)
{
    /// <summary>For a key: the value at which a point leaves this column out of its name (null: always named).</summary>
    public object? OmittedAt { get; init; }

    public static RowColumn<TRow, TValue> From(Expression<Func<TRow, TValue>> selector) =>
        new(ColumnName(selector), selector.Compile());

    public static string ColumnName(LambdaExpression selector)
    {
        var body = selector.Body is UnaryExpression { NodeType: ExpressionType.Convert or ExpressionType.ConvertChecked } convert
            ? convert.Operand
            : selector.Body;
        if (body is not MemberExpression { Member: PropertyInfo property, Expression: ParameterExpression })
            throw new ArgumentException($"'{selector}' must select one property of {typeof(TRow).Name}", nameof(selector));
        return property.GetCustomAttribute<NameAttribute>()?.Names.FirstOrDefault()
            ?? throw new ArgumentException($"{typeof(TRow).Name}.{property.Name} has no [Name] attribute, so its CSV column is unknown", nameof(selector));
    }
}
