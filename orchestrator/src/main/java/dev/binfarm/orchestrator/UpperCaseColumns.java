package dev.binfarm.orchestrator;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.Statement;
import java.util.Locale;

/**
 * Quartz 2.5.1 checks for trigger columns by comparing ResultSetMetaData column names with
 * upper-case constants ("REPEAT_COUNT") case-sensitively; PostgreSQL reports unquoted names
 * in lower case, so every trigger reads as missing. This wrapper, used for Quartz's
 * PostgreSQL connections only, reports column names in upper case; everything else passes
 * straight through.
 */
final class UpperCaseColumns implements InvocationHandler {
    private final Object target;

    private UpperCaseColumns(Object target) {
        this.target = target;
    }

    static Connection wrap(Connection c) {
        return proxy(Connection.class, c);
    }

    private static <T> T proxy(Class<T> type, Object target) {
        return type.cast(Proxy.newProxyInstance(UpperCaseColumns.class.getClassLoader(), new Class<?>[] {type},
                new UpperCaseColumns(target)));
    }

    @Override
    public Object invoke(Object proxy, Method method, Object[] args) throws Throwable {
        Object result;
        try {
            result = method.invoke(target, args);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
        if (result == null) return null;
        String name = method.getName();
        if (target instanceof ResultSetMetaData && (name.equals("getColumnName") || name.equals("getColumnLabel")))
            return ((String) result).toUpperCase(Locale.ROOT);
        Class<?> rt = method.getReturnType();
        if (rt == ResultSetMetaData.class) return proxy(ResultSetMetaData.class, result);
        if (rt == ResultSet.class) return proxy(ResultSet.class, result);
        if (rt == java.sql.PreparedStatement.class) return proxy(java.sql.PreparedStatement.class, result);
        if (rt == java.sql.CallableStatement.class) return proxy(java.sql.CallableStatement.class, result);
        if (rt == Statement.class) return proxy(Statement.class, result);
        return result;
    }
}
