using Microsoft.EntityFrameworkCore;
using Rehearse.Interview.Infrastructure.Entities;
using V1 = Rehearse.Interview.V1;

namespace Rehearse.Interview.Infrastructure;

/// <summary>The Interview service's PostgreSQL schema.</summary>
internal sealed class InterviewDbContext(DbContextOptions<InterviewDbContext> options) : DbContext(options)
{
    public DbSet<UserEntity> Users => Set<UserEntity>();

    public DbSet<SignInEntity> SignIns => Set<SignInEntity>();

    public DbSet<SessionEntity> Sessions => Set<SessionEntity>();

    public DbSet<PlannedQuestionEntity> PlannedQuestions => Set<PlannedQuestionEntity>();

    public DbSet<TurnEntity> Turns => Set<TurnEntity>();

    public DbSet<EventEntity> Events => Set<EventEntity>();

    public DbSet<AnswerAudioEntity> AnswerAudio => Set<AnswerAudioEntity>();

    public DbSet<ReportEntity> Reports => Set<ReportEntity>();

    public DbSet<CodeSnapshotEntity> CodeSnapshots => Set<CodeSnapshotEntity>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<UserEntity>(user =>
        {
            user.HasKey(u => u.Id);
            user.Property(u => u.KeyHash).HasMaxLength(64);
            user.HasIndex(u => u.KeyHash).IsUnique();
        });

        modelBuilder.Entity<SignInEntity>(signIn =>
        {
            signIn.HasKey(s => new { s.Issuer, s.Subject });
            signIn.Property(s => s.Issuer).HasMaxLength(500);
            signIn.Property(s => s.Subject).HasMaxLength(255);
            signIn.HasOne<UserEntity>().WithMany().HasForeignKey(s => s.UserId).OnDelete(DeleteBehavior.Cascade);
        });

        modelBuilder.Entity<SessionEntity>(session =>
        {
            session.HasKey(s => s.Id);
            session.HasOne<UserEntity>().WithMany().HasForeignKey(s => s.UserId).OnDelete(DeleteBehavior.Cascade);
            // The history page lists a user's sessions newest first.
            session.HasIndex(s => new { s.UserId, s.CreatedAt }).IsDescending(false, true);
            session.Property(s => s.Role).HasMaxLength(100);
            session.Property(s => s.InterviewType).HasMaxLength(40);
            session.Property(s => s.Difficulty).HasMaxLength(40);
            session.Property(s => s.Engine).HasMaxLength(40);
            session.Property(s => s.State).HasMaxLength(40);
            session.Property(s => s.Voice).HasMaxLength(200);
            session.Property(s => s.Title).HasMaxLength(300);
            session.Property(s => s.Patience).HasMaxLength(40).HasDefaultValue(nameof(V1.Patience.Normal));
            session.Property(s => s.CodingLanguage).HasMaxLength(40).HasDefaultValue(nameof(Coding.V1.Language.Python));
            session.HasMany(s => s.PlannedQuestions).WithOne().HasForeignKey(q => q.SessionId).OnDelete(DeleteBehavior.Cascade);
            session.HasMany(s => s.Turns).WithOne().HasForeignKey(t => t.SessionId).OnDelete(DeleteBehavior.Cascade);
        });

        modelBuilder.Entity<PlannedQuestionEntity>(question =>
        {
            question.HasKey(q => new { q.SessionId, q.Index });
            question.Property(q => q.Coding).HasColumnType("jsonb");
        });

        modelBuilder.Entity<TurnEntity>(turn =>
        {
            turn.HasKey(t => new { t.SessionId, t.Index });
            turn.Property(t => t.Kind).HasMaxLength(40);
            turn.Property(t => t.Attempt).HasDefaultValue(1);
            turn.Property(t => t.EndReason).HasMaxLength(40);
            turn.Property(t => t.Segments).HasColumnType("jsonb");
            turn.Property(t => t.Analytics).HasColumnType("jsonb");
            turn.Property(t => t.Assessment).HasColumnType("jsonb");
            turn.Property(t => t.Coding).HasColumnType("jsonb");
        });

        modelBuilder.Entity<CodeSnapshotEntity>(snapshot =>
        {
            snapshot.HasKey(s => s.Id);
            // A turn's snapshots, in order, for the report and for export.
            snapshot.HasIndex(s => new { s.SessionId, s.TurnIndex, s.RanAt });
            snapshot.Property(s => s.ProblemId).HasMaxLength(100);
            snapshot.Property(s => s.TestSet).HasMaxLength(40);
            snapshot.Property(s => s.Language).HasMaxLength(40);
            snapshot.Property(s => s.Status).HasMaxLength(40);
            snapshot.Property(s => s.Verdict).HasMaxLength(40);
            snapshot.HasOne<SessionEntity>().WithMany().HasForeignKey(s => s.SessionId).OnDelete(DeleteBehavior.Cascade);
        });

        modelBuilder.Entity<EventEntity>(@event =>
        {
            @event.HasKey(e => new { e.SessionId, e.Sequence });
            @event.Property(e => e.Kind).HasMaxLength(60);
            @event.HasOne<SessionEntity>().WithMany().HasForeignKey(e => e.SessionId).OnDelete(DeleteBehavior.Cascade);
        });

        modelBuilder.Entity<AnswerAudioEntity>(audio =>
        {
            audio.HasKey(a => new { a.SessionId, a.TurnIndex });
            audio.HasIndex(a => a.ExpiresAt);
            audio.Property(a => a.Encoding).HasMaxLength(16).HasDefaultValue(AnswerAudioEntity.Linear16);
            audio.HasOne<SessionEntity>().WithMany().HasForeignKey(a => a.SessionId).OnDelete(DeleteBehavior.Cascade);
        });

        modelBuilder.Entity<ReportEntity>(report =>
        {
            report.HasKey(r => r.SessionId);
            report.Property(r => r.Content).HasColumnType("jsonb");
            report.HasOne<SessionEntity>().WithOne().HasForeignKey<ReportEntity>(r => r.SessionId).OnDelete(DeleteBehavior.Cascade);
        });
    }
}
