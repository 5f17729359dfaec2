namespace FlashBench.Core.Throughput;

/// <summary>The part of a read's bytes that belongs to a measurement window [start, deadline], assuming the
/// read progressed evenly over its duration: all of it when it ended inside, a share when it straddles an edge.</summary>
public static class MeasurementWindow
{
    public static double BytesInside(long readStarted, long readEnded, long windowStart, long deadline, int bytes)
    {
        long from = Math.Max(readStarted, windowStart);
        long to = Math.Min(readEnded, deadline);
        if (to <= from)
            return readEnded <= deadline && readStarted >= windowStart ? bytes : 0;
        long duration = readEnded - readStarted;
        return duration <= 0 ? bytes : bytes * (double)(to - from) / duration;
    }
}
