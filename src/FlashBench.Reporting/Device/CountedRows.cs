using FlashBench.Core.Results;

namespace FlashBench.Reporting.Device;

/// <summary>The rows of a result file that count (<see cref="DeviceStates.Counts"/>) and how many were left out because
/// the device was outside its steady band while they were measured.</summary>
public sealed record CountedRows<T>(IReadOnlyList<T> Rows, int LeftOut)
{
    /// <summary>The sentence a report section carries when rows were left out; null when none were.</summary>
    public string? Note => LeftOut == 0 ? null : CountedRows.LeftOutNote(LeftOut);
}

public static class CountedRows
{
    public static CountedRows<T> Of<T>(IEnumerable<T> rows, Func<T, string?> deviceState)
    {
        var all = rows.ToList();
        var counted = all.Where(r => DeviceStates.Counts(deviceState(r))).ToList();
        return new CountedRows<T>(counted, all.Count - counted.Count);
    }

    public static string LeftOutNote(int leftOut) => leftOut == 1
        ? $"1 row measured while the device was outside its steady band is left out ({DeviceCaseRow.FileName})."
        : $"{leftOut} rows measured while the device was outside its steady band are left out ({DeviceCaseRow.FileName}).";
}
