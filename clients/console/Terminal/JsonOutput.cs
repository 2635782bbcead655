using Google.Protobuf;

namespace Rehearse.Console.Terminal;

/// <summary>Writes protobuf messages as JSON with the contract's field names (snake_case), one document per line.</summary>
public static class JsonOutput
{
    private static readonly JsonFormatter Formatter = new(JsonFormatter.Settings.Default.WithPreserveProtoFieldNames(true).WithFormatEnumsAsIntegers(false));

    /// <summary>The message as JSON.</summary>
    public static string Format(IMessage message) => Formatter.Format(message);

    /// <summary>Writes the message as one line of JSON to standard output.</summary>
    public static void Write(IMessage message) => System.Console.Out.WriteLine(Format(message));
}
