using System.Linq.Expressions;
using System.Reflection;
using CsvHelper.Configuration.Attributes;
using FlashBench.Core.Results;

namespace FlashBench.Reporting.Comparison;

/// <summary>The optional device_state column of a row type. A row measured while the device was outside its steady
/// band (<see cref="DeviceStates.Counts"/> false) measured the device's trouble, not the code: every descriptor over
/// such a row type leaves it out, whatever else the experiment excludes. Older CSVs lack the column and read as "".</summary>
internal static class DeviceStateColumn
{
    public const string Name = "device_state";

    /// <summary>Whether a row was measured on a degraded device; null when <typeparamref name="TRow"/> has no such column.</summary>
    public static Func<TRow, bool>? Degraded<TRow>()
    {
        var property = typeof(TRow).GetProperties()
            .FirstOrDefault(p => p.PropertyType == typeof(string) && p.GetCustomAttribute<NameAttribute>()?.Names.FirstOrDefault() == Name);
        if (property is null)
            return null;
        var row = Expression.Parameter(typeof(TRow), "row");
        var state = Expression.Lambda<Func<TRow, string?>>(Expression.Property(row, property), row).Compile();
        return r => !DeviceStates.Counts(state(r));
    }
}
