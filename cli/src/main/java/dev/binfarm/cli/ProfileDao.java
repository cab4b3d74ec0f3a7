package dev.binfarm.cli;

import dev.binfarm.results.Database;
import dev.binfarm.results.Profile;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Listing the results-db {@code profile} table (RunDao reads and writes one
 * profile by name; {@code farm syscalls profiles} needs them all).
 */
final class ProfileDao {
    private final Database db;

    ProfileDao(Database db) { this.db = db; }

    List<Profile> all() {
        try (Connection c = db.connection();
             PreparedStatement ps = c.prepareStatement("SELECT id, name, source, syscalls FROM profile ORDER BY name");
             ResultSet rs = ps.executeQuery()) {
            List<Profile> out = new ArrayList<>();
            while (rs.next()) {
                String set = rs.getString("syscalls");
                List<String> names = set == null ? null : set.isEmpty() ? List.of() : List.copyOf(Arrays.asList(set.split(",")));
                out.add(new Profile(rs.getLong("id"), rs.getString("name"), rs.getString("source"), names));
            }
            return out;
        } catch (SQLException e) {
            throw new UserError("cannot list profiles: " + e.getMessage());
        }
    }
}
