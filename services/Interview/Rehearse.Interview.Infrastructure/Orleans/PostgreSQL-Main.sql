-- Orleans ADO.NET: the table of the queries Orleans issues (PostgreSQL-Main.sql of dotnet/orleans, MIT licence,
-- Copyright (c) .NET Foundation and Contributors; see NOTICE). Orleans reads every query it runs from this table.
CREATE TABLE OrleansQuery
(
    QueryKey varchar(64) NOT NULL,
    QueryText varchar(8000) NOT NULL,

    CONSTRAINT OrleansQuery_Key PRIMARY KEY(QueryKey)
);
