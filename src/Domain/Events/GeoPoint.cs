using System.Globalization;

namespace Convergence.Domain.Events;

/// <summary>A position on Earth in decimal degrees.</summary>
public readonly record struct GeoPoint(double Latitude, double Longitude)
{
    public override string ToString() =>
        string.Create(CultureInfo.InvariantCulture, $"{Latitude:R},{Longitude:R}");
}
