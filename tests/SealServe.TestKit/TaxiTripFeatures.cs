namespace SealServe.TestKit;

/// <summary>Two Chicago taxi trips as the TFX taxi examples' raw features (name order), for tft_tf2_transform's requests.</summary>
public static class TaxiTripFeatures
{
    /// <summary>Each feature's values for the two trips: strings, int64s (long) or floats (double).</summary>
    public static IReadOnlyList<(string Name, object[] Values)> TwoTrips { get; } =
    [
        ("company", ["Flash Cab", "Nope Co"]), ("dropoff_census_tract", [17031081800L, 17031081800L]), ("dropoff_community_area", [8L, 32L]),
        ("dropoff_latitude", [41.899602, 41.88]), ("dropoff_longitude", [-87.633308, -87.62]), ("fare", [9.25, 30.5]),
        ("payment_type", ["Credit Card", "No Charge"]), ("pickup_census_tract", [17031839100L, 17031839100L]), ("pickup_community_area", [32L, 8L]),
        ("pickup_latitude", [41.880994, 41.9]), ("pickup_longitude", [-87.632746, -87.64]), ("tips", [0.0, 5.0]), ("trip_miles", [1.3, 12.0]),
        ("trip_seconds", [540L, 1800L]), ("trip_start_day", [5L, 1L]), ("trip_start_hour", [10L, 23L]), ("trip_start_month", [5L, 12L]),
        ("trip_start_timestamp", [1400269500L, 1420000000L]),
    ];
}
