using System.Reflection;

namespace Dendrite.Training.Config;

/// <summary>The spelling of an enum member in config files, when it is not the snake_case of its name.</summary>
[AttributeUsage(AttributeTargets.Field)]
public sealed class ConfigNameAttribute(string name) : Attribute
{
    public string Name { get; } = name;
}

/// <summary>Maps enum members to and from their config-file spellings (<c>OneCycle</c> ↔ <c>one_cycle</c>).</summary>
public static class ConfigNames
{
    /// <summary>The config-file spelling of <paramref name="value"/>.</summary>
    public static string Of<T>(T value) where T : struct, Enum => Cache<T>.ToName[value];

    /// <summary>All config-file spellings of <typeparamref name="T"/>, in declaration order.</summary>
    public static IReadOnlyList<string> All<T>() where T : struct, Enum => Cache<T>.Names;

    internal static bool TryParse<T>(string name, out T value) where T : struct, Enum =>
        Cache<T>.FromName.TryGetValue(name, out value);

    private static class Cache<T> where T : struct, Enum
    {
        public static readonly Dictionary<T, string> ToName = Build();
        public static readonly Dictionary<string, T> FromName = ToName.ToDictionary(p => p.Value, p => p.Key, StringComparer.Ordinal);
        public static readonly string[] Names = [.. ToName.Values];

        private static Dictionary<T, string> Build()
        {
            var map = new Dictionary<T, string>();
            foreach (T value in Enum.GetValues<T>())
            {
                string member = value.ToString();
                FieldInfo? field = typeof(T).GetField(member);
                map[value] = field?.GetCustomAttribute<ConfigNameAttribute>()?.Name ?? SnakeCase(member);
            }
            return map;
        }

        private static string SnakeCase(string pascal)
        {
            var chars = new List<char>(pascal.Length + 4);
            for (int i = 0; i < pascal.Length; i++)
            {
                char c = pascal[i];
                if (char.IsUpper(c) && i > 0)
                {
                    chars.Add('_');
                }
                chars.Add(char.ToLowerInvariant(c));
            }
            return new string([.. chars]);
        }
    }
}
